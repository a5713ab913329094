import { InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { PlanCommand } from '../../src/domain/plan/plan.commands';
import { planDecider, PlanState } from '../../src/domain/plan/plan.decider';
import { PlanEvent } from '../../src/domain/plan/plan.events';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { deciderSpec, recorded } from '../support/decider-spec';

const board = { id: 'board.chair', role: 'board' };
const lead = { id: 'lead.jo', role: 'lead' };
const now = new Date('2018-06-30T12:00:00Z');
const spec = deciderSpec<PlanState, PlanCommand, PlanEvent>({ ...planDecider, now });
const planId = 'devon-2017';

const history: PlanEvent[] = [
  { type: 'PlanCreated', data: { planId, title: 'Improvement plan', council: 'Devon', signOffRole: 'qa', ratingMethod: 'direct' } },
  { type: 'RagScaleDefined', data: { planId, scale: RAG_SCALE_PRESETS['rag-completed'] } },
  { type: 'PriorityAdded', data: { planId, number: 1, title: 'Help and protection' } },
];
const given = (more: PlanEvent[] = []) => spec.given([...history, ...more].map((e) => recorded(e, '2017-04-01')));
const named: PlanEvent = { type: 'PlanLevelsNamed', data: { planId, group: { singular: 'outcome', plural: 'outcomes' }, item: { singular: 'action', plural: 'actions' } } };
const recommendation: PlanEvent = { type: 'RecommendationRecorded', data: { planId, number: '1', text: 'Thresholds understood and applied' } };

describe("plan decider: the plan's own words and shape", () => {
  it('names the levels by preset, keeping the section name until one is given', () => {
    given()
      .when({ type: 'NameLevels', preset: 'outcome/action' }, board)
      .then([named]);
    given([named])
      .when({ type: 'NameLevels', sectionSingular: 'theme', sectionPlural: 'themes' }, board)
      .then([{ type: 'PlanLevelsNamed', data: { planId, group: { singular: 'outcome', plural: 'outcomes' }, item: { singular: 'action', plural: 'actions' }, section: { singular: 'theme', plural: 'themes' } } }]);
  });

  it('refuses names that are empty, half given, alike, unchanged or not words, and an unknown preset', () => {
    given().when({ type: 'NameLevels', groupSingular: ' ', groupPlural: 'x' }, board).thenRefuses(InvalidInput, /groupSingular/);
    given().when({ type: 'NameLevels', itemSingular: 'task' }, board).thenRefuses(InvalidInput, /itemPlural/);
    given().when({ type: 'NameLevels', groupSingular: 'action', groupPlural: 'actions' }, board).thenRefuses(InvalidInput, /different names/);
    given().when({ type: 'NameLevels', groupSingular: 'Theme;', groupPlural: 'themes' }, board).thenRefuses(InvalidInput, /letters/);
    given().when({ type: 'NameLevels', preset: 'kloe' }, board).thenRefuses(InvalidInput, /not a shape of plan/);
    given().when({ type: 'NameLevels' }, board).thenRefuses(InvalidInput, /give a preset/);
    given([named]).when({ type: 'NameLevels', preset: 'outcome/action' }, board).thenRefuses(RuleBroken, /already calls its levels outcome and action/);
  });

  it('adds a section and places a group in it, in the plan\'s words', () => {
    const section: PlanEvent = { type: 'SectionAdded', data: { planId, number: 1, title: 'Help and protection' } };
    given().when({ type: 'AddSection', number: 1, title: 'Help and protection' }, board).then([section]);
    given([section]).when({ type: 'AddSection', number: 1, title: 'Again' }, board).thenRefuses(RuleBroken, /section 1 already exists/);
    given([section]).when({ type: 'PlaceGroupInSection', priorityNumber: 1, section: 1 }, board).then([{ type: 'GroupPlacedInSection', data: { planId, priorityNumber: 1, sectionNumber: 1 } }]);
    given([named]).when({ type: 'PlaceGroupInSection', priorityNumber: 1, section: 2 }, board).thenRefuses(InvalidInput, /no section 2/);
    given([named, section]).when({ type: 'PlaceGroupInSection', priorityNumber: 4, section: 1 }, board).thenRefuses(InvalidInput, /no outcome 4.*add the outcome first/);
  });

  it('records recommendations and links a group to any number of them, and unlinks', () => {
    const two: PlanEvent = { type: 'RecommendationRecorded', data: { planId, number: '2', text: 'Assessments' } };
    const linked: PlanEvent = { type: 'RecommendationLinked', data: { planId, priorityNumber: 1, recommendation: '1' } };
    given([recommendation, two]).when({ type: 'LinkRecommendation', priorityNumber: 1, recommendation: '2' }, board).then([{ type: 'RecommendationLinked', data: { planId, priorityNumber: 1, recommendation: '2' } }]);
    given([recommendation]).when({ type: 'RecordRecommendation', number: '1', text: 'Other' }, board).thenRefuses(RuleBroken, /already recorded/);
    given([recommendation]).when({ type: 'LinkRecommendation', priorityNumber: 1, recommendation: '9' }, board).thenRefuses(InvalidInput, /no recommendation 9 \(it has: 1\)/);
    given([recommendation, linked]).when({ type: 'LinkRecommendation', priorityNumber: 1, recommendation: '1' }, board).thenRefuses(RuleBroken, /already answers/);
    given([recommendation, linked]).when({ type: 'UnlinkRecommendation', priorityNumber: 1, recommendation: '1' }, board).then([{ type: 'RecommendationUnlinked', data: { planId, priorityNumber: 1, recommendation: '1' } }]);
    given([recommendation]).when({ type: 'UnlinkRecommendation', priorityNumber: 1, recommendation: '1' }, board).thenRefuses(RuleBroken, /not linked/);
  });

  it('is the board\'s (or an administrator\'s) to shape: a lead is refused', () => {
    given().when({ type: 'NameLevels', preset: 'workstream/project' }, lead).thenRefuses(NotPermitted, /may not name the plan's levels/);
    given().when({ type: 'RecordRecommendation', number: '1', text: 'x' }, lead).thenRefuses(NotPermitted);
  });
});
