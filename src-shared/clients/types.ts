export const PIPELINE_STAGES = ['new', 'in_progress', 'offer', 'reservation', 'won', 'lost', 'postponed'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];
