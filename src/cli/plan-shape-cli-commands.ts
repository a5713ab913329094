import * as commands from '../commands';
import type { WriteCommandSpec } from './cli-commands';

/**
 * The CLI's commands for a plan's own words and shape (src/domain/plan/plan-shape.ts), each
 * with the API route that issues the same command (src/api/plan-shape.controller.ts).
 */
export const PLAN_SHAPE_COMMANDS: WriteCommandSpec[] = [
  {
    name: 'name-levels',
    description: 'name the plan\'s levels: --preset workstream/project (or priority/action, outcome/action), or each name singular and plural',
    command: commands.NameLevelsCommand,
    action: false,
    options: [
      { flags: '--preset <shape>', description: 'priority/action, workstream/project or outcome/action', field: 'preset' },
      { flags: '--group <name>', description: 'what the plan calls a group, e.g. "workstream"', field: 'groupSingular' },
      { flags: '--groups <name>', description: 'the same, plural, e.g. "workstreams"', field: 'groupPlural' },
      { flags: '--item <name>', description: 'what the plan calls an item in a group, e.g. "project"', field: 'itemSingular' },
      { flags: '--items <name>', description: 'the same, plural, e.g. "projects"', field: 'itemPlural' },
      { flags: '--section <name>', description: 'what the plan calls the level above the groups, e.g. "section"', field: 'sectionSingular' },
      { flags: '--sections <name>', description: 'the same, plural', field: 'sectionPlural' },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/levels' },
  },
  {
    name: 'add-section',
    description: 'add a section above the groups ("Section 1: Help and protection")',
    command: commands.AddSectionCommand,
    action: false,
    options: [
      { flags: '--number <n>', description: 'section number', field: 'number', parse: 'int', required: true },
      { flags: '--title <text>', description: 'section title', field: 'title', required: true },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/sections' },
  },
  {
    name: 'place-in-section',
    description: 'place a group (priority, workstream, outcome) in a section',
    command: commands.PlaceGroupInSectionCommand,
    action: false,
    options: [
      { flags: '--group <n>', description: "the group's number", field: 'priorityNumber', parse: 'int', required: true },
      { flags: '--section <n>', description: 'section number', field: 'section', parse: 'int', required: true },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/priorities/:priorityNumber/section' },
  },
  {
    name: 'record-recommendation',
    description: 'record an Ofsted recommendation the plan answers',
    command: commands.RecordRecommendationCommand,
    action: false,
    options: [
      { flags: '--number <number>', description: 'its number as the inspection report writes it, e.g. 3', field: 'number', required: true },
      { flags: '--text <text>', description: 'its text', field: 'text', required: true },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/recommendations' },
  },
  {
    name: 'link-recommendation',
    description: 'link a group (--group) to a recommendation the plan records',
    command: commands.LinkRecommendationCommand,
    action: false,
    options: [
      { flags: '--group <n>', description: "the group's number", field: 'priorityNumber', parse: 'int', required: true },
      { flags: '--recommendation <number>', description: "the recommendation's number", field: 'recommendation', required: true },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/priorities/:priorityNumber/recommendation-links' },
  },
  {
    name: 'unlink-recommendation',
    description: "remove a group's link to a recommendation",
    command: commands.UnlinkRecommendationCommand,
    action: false,
    options: [
      { flags: '--group <n>', description: "the group's number", field: 'priorityNumber', parse: 'int', required: true },
      { flags: '--recommendation <number>', description: "the recommendation's number", field: 'recommendation', required: true },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/priorities/:priorityNumber/recommendation-links/:recommendation/removal' },
  },
  {
    name: 'link-action-recommendation',
    description: 'link an action (--ref) to a recommendation the plan records',
    command: commands.LinkActionRecommendationCommand,
    action: true,
    options: [{ flags: '--recommendation <number>', description: "the recommendation's number", field: 'recommendation', required: true }],
    route: { method: 'POST', path: '/api/plans/:planId/actions/:reference/recommendation-links' },
  },
  {
    name: 'unlink-action-recommendation',
    description: "remove an action's link to a recommendation",
    command: commands.UnlinkActionRecommendationCommand,
    action: true,
    options: [{ flags: '--recommendation <number>', description: "the recommendation's number", field: 'recommendation', required: true }],
    route: { method: 'POST', path: '/api/plans/:planId/actions/:reference/recommendation-links/:recommendation/removal' },
  },
];
