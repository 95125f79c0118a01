import { validation } from './hubspot-error';

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  /** HubSpot sends both as strings: `"true"`/`"false"` and a probability such as `"1.0"`. */
  metadata: { isClosed: 'true' | 'false'; probability: string };
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
}

const stage = (id: string, label: string, displayOrder: number, isClosed: boolean, probability: string): PipelineStage => ({
  id, label, displayOrder, metadata: { isClosed: isClosed ? 'true' : 'false', probability },
});

/**
 * A real portal's deal pipelines: HubSpot's default one (stage ids such as `closedwon`) and a custom one whose
 * stage ids are numbers. A stage is won when it is closed with probability 1.0 (facts §11).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide
 */
export function defaultDealPipelines(): Pipeline[] {
  return [
    {
      id: 'default', label: 'Sales Pipeline', displayOrder: 0,
      stages: [
        stage('appointmentscheduled', 'Appointment Scheduled', 0, false, '0.2'),
        stage('qualifiedtobuy', 'Qualified To Buy', 1, false, '0.4'),
        stage('presentationscheduled', 'Presentation Scheduled', 2, false, '0.6'),
        stage('decisionmakerboughtin', 'Decision Maker Bought-In', 3, false, '0.8'),
        stage('contractsent', 'Contract Sent', 4, false, '0.9'),
        stage('closedwon', 'Closed Won', 5, true, '1.0'),
        stage('closedlost', 'Closed Lost', 6, true, '0.0'),
      ],
    },
    {
      id: '84210317', label: 'Enterprise', displayOrder: 1,
      stages: [
        stage('152208441', 'Discovery', 0, false, '0.1'),
        stage('152208442', 'Security review', 1, false, '0.5'),
        stage('152208443', 'Signed', 2, true, '1.0'),
        stage('152208444', 'Lost', 3, true, '0.0'),
      ],
    },
  ];
}

/** Deal properties HubSpot calculates; an app cannot write them. */
export const CALCULATED_DEAL_PROPERTIES = ['hs_is_closed', 'hs_is_closed_won'];

/**
 * What HubSpot does to a deal write: the pipeline defaults to `default`, the stage must be one of the pipeline's
 * own (stage ids are per pipeline), and `hs_is_closed` / `hs_is_closed_won` follow the stage. Returns the
 * properties to store, calculated ones included.
 */
export function withDealCalculations(pipelines: readonly Pipeline[], current: Readonly<Record<string, string>>, incoming: Record<string, string | null>): Record<string, string | null> {
  const refused = CALCULATED_DEAL_PROPERTIES.filter((name) => name in incoming);
  if (refused.length > 0) throw validation(`Property values were not valid: ${refused.join(', ')} is a calculated property and cannot be set`, { errors: refused.map((name) => ({ message: `${name} is read-only`, code: 'READ_ONLY_VALUE', context: { propertyName: [name] } })) });
  const pipelineId = incoming.pipeline ?? current.pipeline ?? 'default';
  const stageId = incoming.dealstage ?? current.dealstage ?? '';
  if (!('pipeline' in incoming) && !('dealstage' in incoming)) return incoming;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) throw validation(`Property values were not valid: pipeline "${pipelineId}" does not exist`, { errors: [{ message: `${pipelineId} is not a valid pipeline`, code: 'INVALID_OPTION', context: { propertyName: ['pipeline'] } }] });
  const s = pipeline.stages.find((x) => x.id === stageId);
  if (stageId !== '' && !s) throw validation(`Property values were not valid: dealstage "${stageId}" is not a stage of pipeline "${pipelineId}"`, { errors: [{ message: `${stageId} is not a valid dealstage for pipeline ${pipelineId}`, code: 'INVALID_OPTION', context: { propertyName: ['dealstage'] } }] });
  const closed = s?.metadata.isClosed === 'true';
  const won = closed && Number(s?.metadata.probability) >= 1;
  return { ...incoming, pipeline: pipelineId, hs_is_closed: String(closed), hs_is_closed_won: String(won) };
}
