/** Field-error wording of the API server's validation (apimachinery field.Error). */
import type { Cause } from './errors.js';

export const required = (field: string, detail?: string): Cause => ({ field, message: detail ? `Required value: ${detail}` : 'Required value' });
export const invalidValue = (field: string, value: unknown, detail: string): Cause => ({ field, message: `Invalid value: ${goValue(value)}: ${detail}` });
export const invalidRaw = (field: string, raw: string, detail: string): Cause => ({ field, message: `Invalid value: ${raw}: ${detail}` });
export const notFoundValue = (field: string, value: string): Cause => ({ field, message: `Not found: ${JSON.stringify(value)}` });
export const duplicate = (field: string, value: unknown): Cause => ({ field, message: `Duplicate value: ${goValue(value)}` });
export const unsupported = (field: string, value: unknown, supported: string[]): Cause => ({
  field,
  message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});
export const forbiddenField = (field: string, detail: string): Cause => ({ field, message: `Forbidden: ${detail}` });

/** Values as Go's %#v-ish printing in field errors: strings quoted, numbers bare, maps as Go map literals. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  // A string slice, as %#v prints it: []string{"a", "b"}.
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  return JSON.stringify(v);
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function checkLabelName(field: string, v: string): Cause | undefined {
  if (v.length > 63) return invalidValue(field, v, 'must be no more than 63 characters');
  if (!DNS1123_LABEL.test(v)) {
    return invalidValue(field, v, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }
  return undefined;
}

export function checkSubdomain(field: string, v: string): Cause | undefined {
  if (v.length > 253) return invalidValue(field, v, 'must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(v)) {
    return invalidValue(field, v, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return undefined;
}

export function checkDns1035(field: string, v: string): Cause | undefined {
  if (v.length > 63) return invalidValue(field, v, 'must be no more than 63 characters');
  if (!DNS1035_LABEL.test(v)) {
    return invalidValue(field, v, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  return undefined;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function checkLabels(field: string, labels: Record<string, string> | undefined): Cause[] {
  const out: Cause[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    if (!QUALIFIED_NAME.test(name) || name.length > 63) {
      out.push(invalidValue(field, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    }
    if (typeof v !== 'string' || !LABEL_VALUE.test(v) || v.length > 63) {
      out.push(invalidValue(field, v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
  }
  return out;
}

/** A port name (IANA_SVC_NAME). */
export function checkPortName(field: string, v: string): Cause | undefined {
  if (v.length > 15) return invalidValue(field, v, 'must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) return invalidValue(field, v, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(v)) return invalidValue(field, v, 'must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-') || v.includes('--')) return invalidValue(field, v, 'must not contain consecutive hyphens');
  return undefined;
}

export function checkPort(field: string, v: unknown): Cause | undefined {
  if (v === undefined || v === null || v === 0) return required(field);
  if (typeof v !== 'number' || v < 1 || v > 65535) return invalidValue(field, v, 'must be between 1 and 65535, inclusive');
  return undefined;
}

export function isC_Identifier(v: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v);
}
