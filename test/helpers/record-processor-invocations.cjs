// Preloaded into a spawned leadloop (NODE_OPTIONS=--require …) by test/helpers/spawn-recorded-leadloop.ts.
// Appends one line per event each time the event processor is handed an event: "<pid> <row id> <HubSpot eventId>".
// It observes only: the processor leadloop builds is called exactly as before. appendFileSync reaches the file
// before the call proceeds, so a SIGKILL loses no line of work that started.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const journal = process.env.LEADLOOP_TEST_INVOCATIONS_FILE;
const mainScript = process.argv[1];
if (journal && mainScript) {
  const mod = require(path.join(path.dirname(mainScript), 'processing', 'score-contacts.js'));
  const scoreContacts = mod.scoreContacts;
  mod.scoreContacts = (options) => {
    const processor = scoreContacts(options);
    const process_ = processor.process.bind(processor);
    processor.process = (group) => {
      fs.appendFileSync(journal, group.events.map((e) => `${process.pid} ${e.id} ${e.eventId}\n`).join(''));
      return process_(group);
    };
    return processor;
  };
}

// SLA audits too: one line per run that was not skipped, "<pid> audit <now>", appended once the run ends.
if (journal && mainScript) {
  const audit = require(path.join(path.dirname(mainScript), 'sla', 'run-sla-audit.js'));
  const createSlaAudit = audit.createSlaAudit;
  audit.createSlaAudit = (options) => {
    const created = createSlaAudit(options);
    const run = created.run.bind(created);
    created.run = async (now, o) => {
      const result = await run(now, o);
      if (!result.skipped) fs.appendFileSync(journal, `${process.pid} audit ${now}\n`);
      return result;
    };
    return created;
  };
}
