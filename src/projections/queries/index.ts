export * from './plan-state.query';
export * from './comparison.query';
export * from './registers.query';
export * from './rating-history.query';
export * from './projection-lag.query';
