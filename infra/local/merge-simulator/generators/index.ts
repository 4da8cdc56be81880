import { ACCOUNTING_CORE_GENERATORS } from './accounting-core';
import { ACCOUNTING_DOCUMENT_GENERATORS } from './accounting-documents';
import { ACCOUNTING_ORDER_GENERATORS } from './accounting-orders';
import { ACCOUNTING_REPORT_GENERATORS } from './accounting-reports';
import { ATS_GENERATORS } from './ats';
import type { Generator } from './common';
import { CRM_GENERATORS } from './crm';
import { EXTRA_GENERATORS } from './extra';
import { FILESTORAGE_GENERATORS } from './filestorage';
import { HRIS_GENERATORS } from './hris';
import { TICKETING_GENERATORS } from './ticketing';

/** One generator per model the simulator serves, by model key. */
export const GENERATORS: Readonly<Record<string, Generator>> = {
  ...HRIS_GENERATORS,
  ...ATS_GENERATORS,
  ...CRM_GENERATORS,
  ...ACCOUNTING_CORE_GENERATORS,
  ...ACCOUNTING_ORDER_GENERATORS,
  ...ACCOUNTING_DOCUMENT_GENERATORS,
  ...ACCOUNTING_REPORT_GENERATORS,
  ...TICKETING_GENERATORS,
  ...FILESTORAGE_GENERATORS,
  ...EXTRA_GENERATORS,
};
