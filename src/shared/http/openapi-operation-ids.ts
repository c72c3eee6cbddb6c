/**
 * Readable, stable operationIds: generated clients name their methods after them, so they are part of
 * the contract and change only with a new API version. Routes not listed get a derived id.
 */
export const OPERATION_IDS: Record<string, string> = {
  'GET /health/live': 'getLiveness',
  'GET /health/ready': 'getReadiness',
  'GET /metrics': 'getMetrics',
  'GET /api/v1/me': 'getMe',
  'POST /api/v1/api-keys': 'createApiKey',
  'GET /api/v1/api-keys': 'listApiKeys',
  'DELETE /api/v1/api-keys/{id}': 'revokeApiKey',
  'POST /api/v1/process-definitions': 'deployDefinition',
  'GET /api/v1/process-definitions': 'listDefinitions',
  'GET /api/v1/process-definitions/key/{key}': 'getLatestDefinition',
  'GET /api/v1/process-definitions/{id}': 'getDefinition',
  'GET /api/v1/process-definitions/{id}/xml': 'getDefinitionXml',
  'POST /api/v1/items': 'createItem',
  'GET /api/v1/items': 'listItems',
  'PUT /api/v1/items/{code}': 'updateItem',
  'GET /api/v1/items/{code}': 'getItem',
  'POST /api/v1/cases': 'createCase',
  'GET /api/v1/cases': 'listCases',
  'GET /api/v1/cases/{id}': 'getCase',
  'GET /api/v1/cases/{id}/timeline': 'getCaseTimeline',
  'POST /api/v1/cases/{id}/withdraw': 'withdrawCase',
  'POST /api/v1/cases/{id}/suspend': 'suspendCase',
  'POST /api/v1/cases/{id}/resume': 'resumeCase',
  'POST /api/v1/cases/{id}/cancel': 'cancelCase',
  'POST /api/v1/cases/{id}/special-procedures': 'startSpecialProcedure',
  'POST /api/v1/cases/{id}/special-procedures/{pid}/end': 'endSpecialProcedure',
  'POST /api/v1/cases/{id}/extensions': 'requestCaseExtension',
  'POST /api/v1/cases/{id}/extensions/{pid}/approve': 'approveCaseExtension',
  'POST /api/v1/cases/{id}/extensions/{pid}/reject': 'rejectCaseExtension',
  'GET /api/v1/public/cases/{caseNo}': 'getPublicCase',
  'GET /api/v1/admin/cases/{id}/audit': 'auditCaseTimeline',
  'GET /api/v1/cases/{id}/timeline/verify': 'verifyCaseTimeline',
  'GET /api/v1/tasks': 'listTasks',
  'GET /api/v1/tasks/{id}': 'getTask',
  'POST /api/v1/tasks/{id}/complete': 'completeTask',
  'POST /api/v1/tasks/{id}/claim': 'claimTask',
  'POST /api/v1/tasks/{id}/unclaim': 'unclaimTask',
  'POST /api/v1/tasks/{id}/delegate': 'delegateTask',
  'POST /api/v1/tasks/{id}/transfer': 'transferTask',
  'POST /api/v1/tasks/{id}/return': 'returnTask',
  'POST /api/v1/messages': 'correlateMessage',
  'POST /api/v1/cases/{id}/department-status': 'pushDepartmentStatus',
  'POST /api/v1/external-tasks/fetch-and-lock': 'fetchAndLockExternalTasks',
  'POST /api/v1/external-tasks/{id}/complete': 'completeExternalTask',
  'POST /api/v1/external-tasks/{id}/failure': 'failExternalTask',
  'POST /api/v1/external-tasks/{id}/bpmn-error': 'throwExternalTaskBpmnError',
  'POST /api/v1/external-tasks/{id}/extend-lock': 'extendExternalTaskLock',
  'PUT /api/v1/external-tasks/{id}/retries': 'setExternalTaskRetries',
  'POST /api/v1/webhooks': 'createWebhook',
  'GET /api/v1/webhooks': 'listWebhooks',
  'GET /api/v1/webhooks/{id}/deliveries': 'listWebhookDeliveries',
  'DELETE /api/v1/webhooks/{id}': 'deleteWebhook',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': 'redeliverWebhookDelivery',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/skip': 'skipWebhookDelivery',
  'GET /api/v1/calendars/{region}/add-working-days': 'addWorkingDays',
  'GET /api/v1/calendars/{region}/add-working-hours': 'addWorkingHours',
  'GET /api/v1/calendars/{region}/{year}': 'getCalendar',
  'PUT /api/v1/calendars/{region}/{year}': 'putCalendar',
  'POST /api/v1/admin/clock': 'setClock',
  'GET /api/v1/admin/jobs': 'listJobs',
  'POST /api/v1/admin/jobs/{id}/retry': 'retryJob',
  'GET /api/v1/supervision/alerts': 'listSupervisionAlerts',
  'GET /api/v1/supervision/stats': 'getSupervisionStats',
};

/** `POST /engine-rest/external-task/{id}/complete` → `postEngineRestExternalTaskIdComplete`. */
export function operationIdFallback(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
