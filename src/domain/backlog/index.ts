/** The backlog domain's public surface (DESIGN §1.3). */
export * from './types';
export { keyBetween, isValidRankKey, BASE_62_DIGITS } from './fractional-index';
export {
  compareByRank,
  allInRankOrder,
  rankedTopics,
  topTopics,
  nextTopic,
  rankKeyForScore,
  rankKeyForMove,
} from './ranking';
export {
  TITLE_MAX,
  DETAILS_MAX,
  thirtyFiveScore,
  leanCoffeeScore,
  leanCoffeeHeadToHead,
  importedTopicId,
  titleAndDetails,
  compareLeanCoffeeTopics,
  topicsFromGame,
  type ImportedTopic,
  type HeadToHead,
} from './import';
export {
  BACKLOG_RULES,
  EMPTY_BACKLOG,
  changedTopicIds,
  decide,
  evolve,
  execute,
  manualTopicId,
  type Execution,
} from './decide';
export { CSV_HEADER, backlogToCsv, csvField, csvRecord, neutraliseFormula } from './csv';
export { TOPICS_PER_PERSON, TOPICS_PER_SPACE, openTopicCount, openTopicsAddedBy } from './caps';
export { backlogHistory } from './history';
