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
