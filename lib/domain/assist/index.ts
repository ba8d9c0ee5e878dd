export { detectAttribution, detectAttributionInSequence, isAttributed, type Attribution, type AttributionContext } from "./attribution";
export { subjectivity, SUBJECTIVE_THRESHOLD, type Subjectivity } from "./subjectivity";
export { checkWorthiness, CHECKWORTHY_THRESHOLD, type CheckWorthiness } from "./checkworthiness";
export type { Span } from "./analysis";
