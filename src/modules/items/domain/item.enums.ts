/** Enumerations of domain.md §2.2–2.4. */
export const ITEM_TYPES = [
  'ADMIN_LICENSE',
  'ADMIN_CONFIRMATION',
  'ADMIN_ADJUDICATION',
  'ADMIN_PAYMENT',
  'ADMIN_REWARD',
  'ADMIN_FILING',
  'ADMIN_COLLECTION',
  'OTHER_ADMIN_POWER',
  'PUBLIC_SERVICE',
] as const;
export const ITEM_LEVELS = ['MAIN', 'SUB', 'HANDLING'] as const;
export const EXERCISE_LEVELS = ['NATIONAL', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'TIERED'] as const;
export const AGENCY_NATURES = ['STATUTORY_ORGAN', 'AUTHORIZED_ORG', 'ENTRUSTED_ORG'] as const;
export const SERVICE_OBJECTS = ['NATURAL_PERSON', 'LEGAL_PERSON', 'OTHER_ORG'] as const;
export const HANDLING_TYPES = ['IMMEDIATE', 'PROMISED', 'JOINT', 'ESCALATED'] as const;
export const LIMIT_UNITS = ['WD', 'ND', 'WH', 'NH'] as const;
export const LAW_LEVELS = ['LAW', 'ADMIN_REGULATION', 'LOCAL_REGULATION', 'RULE', 'NORMATIVE_DOCUMENT'] as const;
export const MATERIAL_FORMS = ['ORIGINAL', 'COPY', 'ORIGINAL_AND_COPY', 'ELECTRONIC'] as const;
export const MATERIAL_NECESSITIES = ['REQUIRED', 'OPTIONAL', 'TOLERABLE'] as const;
export const SPECIAL_PROCEDURE_TYPES = [
  'HEARING',
  'TENDER',
  'AUCTION',
  'INSPECTION_TEST',
  'QUARANTINE',
  'APPRAISAL',
  'EXPERT_REVIEW',
  'SITE_SURVEY',
  'PUBLIC_NOTICE',
  'OTHER',
] as const;
export const ITEM_STATUSES = ['IN_USE', 'SUSPENDED', 'CANCELLED', 'DELETED'] as const;

/** 审批制 / 告知承诺制 (domain.md §2.2): the two modes of one matter are two items. */
export const APPROVAL_MODES = ['STANDARD', 'NOTICE_COMMITMENT'] as const;
