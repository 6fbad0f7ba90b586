import { auditActionLabels, type AuditAction } from './audit-events.ts';
import { actorText, detailsText, targetText, timeText } from './audit-format.ts';
import { targetNameText, type NamedAuditEvent } from './audit-targets.ts';
import { dateIn, TIME_ZONE } from '../time-zone.ts';

/**
 * CSV as Excel in pt-BR opens it with a double click: UTF-8 with a byte order mark (without it Excel reads the file
 * as Windows-1252 and garbles accents), `;` between cells (pt-BR Excel takes `,` as the decimal separator and expects
 * `;`, its list separator), CRLF line ends, RFC 4180 quoting.
 */
const BOM = '\uFEFF';
const SEPARATOR = ';';
const EOL = '\r\n';

const header = ['Data/hora (horário de Brasília)', 'Ação', 'Código da ação', 'Quem', 'UG', 'Alvo', 'IP', 'Detalhes', 'Alvo (nome)'];

/**
 * One cell. Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return: CSV
 * injection) gets a leading apostrophe, so it is shown as typed; a cell with a quote, separator or line break is quoted.
 */
export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

function csvLine(cells: string[]): string {
  return cells.map(csvCell).join(SEPARATOR) + EOL;
}

function eventCells(e: NamedAuditEvent): string[] {
  const label = auditActionLabels[e.action as AuditAction] ?? e.action;
  return [
    timeText(e.createdAt),
    label,
    e.action,
    actorText(e),
    e.ugCodigo ?? (e.ugId === null ? '' : String(e.ugId)),
    targetText(e),
    e.ip ?? '',
    detailsText(e.details),
    targetNameText(e.target),
  ];
}

/** The export's file name, dated by the day it was made in the Tribunal's time zone. */
export function auditCsvFilename(now: Date): string {
  return `auditoria-${dateIn(TIME_ZONE, now)}.csv`;
}

/** The file as text chunks: the BOM and header first, then one chunk per batch of events. */
export async function* auditCsv(batches: AsyncIterable<NamedAuditEvent[]>): AsyncGenerator<string> {
  yield BOM + csvLine(header);
  for await (const batch of batches) yield batch.map((e) => csvLine(eventCells(e))).join('');
}
