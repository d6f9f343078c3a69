import { pickStrings } from './attributes-pick';
import {
  OP_EMAIL,
  OP_FIRST,
  OP_FULL,
  OP_LAST,
  OP_MIDDLE,
  OP_PHONE,
  templateProgram,
  type CompiledTemplate,
  type RecipientFields,
} from '../../../shared/domain/template';

/** The columns of a contact a campaign needs, as SQLite returns them. */
export interface ContactRowLite {
  id: number;
  phone: string | null;
  email: string | null;
  last_name: string;
  first_name: string;
  middle_name: string;
  telegram_chat_id: string | null;
  attributes: string;
}

/** A contact row as the template renders it. */
export function recipientFields(c: ContactRowLite): RecipientFields {
  return {
    id: c.id,
    lastName: c.last_name,
    firstName: c.first_name,
    middleName: c.middle_name,
    phone: c.phone ?? undefined,
    email: c.email ?? undefined,
    attributes: JSON.parse(c.attributes) as Record<string, string>,
  };
}

/** A row of a campaign sheet as the templates see it: the contact with that phone, if any, and {var1}, {var2}…. */
export function sheetRecipient(
  contact: ContactRowLite | undefined,
  row: { phone: string; vars: string },
): RecipientFields {
  const vars = JSON.parse(row.vars) as string[];
  const attributes: Record<string, string> = contact ? (JSON.parse(contact.attributes) as Record<string, string>) : {};
  vars.forEach((v, i) => (attributes[`var${i + 1}`] = v));
  return { ...(contact ? recipientFields(contact) : {}), phone: row.phone, attributes };
}

/**
 * What a walk over a whole audience reads of each contact (the cost preview: a million rows): only the columns
 * a template uses and the addresses the channels need, as raw rows, with the attributes the template names
 * picked out of the JSON text (`pickStrings`) instead of parsing every contact's object — measured at a million
 * contacts, cheaper than JSON.parse and than SQLite's `->`. The fields come out as `recipientFields` gives them
 * for that template: an attribute that is not a string reads as missing, as `variableValue` reads it.
 */
export interface ContactProjection {
  /** The SELECT list, over `contacts` aliased `c`: the id first, then the addresses asked for and the template's. */
  readonly columns: string;
  /** Where the phone, the e-mail and the Telegram chat are in a row; -1 when not read. */
  readonly phone: number;
  readonly email: number;
  readonly telegram: number;
  /** The recipient's fields from a raw row. */
  readonly fields: (row: unknown[]) => RecipientFields;
}

/** The columns a template needs (what its variables read); null: every field, as `recipientFields` gives. */
export interface ContactNeeds {
  names: { first: boolean; last: boolean; middle: boolean };
  phone: boolean;
  email: boolean;
  /** Attribute keys the template reads. */
  attributeKeys: readonly string[];
}

/** What a template's variables read of a contact. */
export function templateNeeds(t: CompiledTemplate): ContactNeeds {
  const ops = templateProgram(t).ops;
  const uses = (...wanted: number[]) => ops.some((op) => wanted.includes(op));
  return {
    names: { first: uses(OP_FIRST, OP_FULL), last: uses(OP_LAST, OP_FULL), middle: uses(OP_MIDDLE, OP_FULL) },
    phone: uses(OP_PHONE),
    email: uses(OP_EMAIL),
    attributeKeys: t.attributeKeys,
  };
}

export function contactProjection(
  needs: ContactNeeds | null,
  addresses: { phone: boolean; email: boolean; telegram: boolean },
): ContactProjection {
  if (needs === null) {
    const columns =
      'c.id, c.phone, c.email, c.telegram_chat_id, c.last_name, c.first_name, c.middle_name, c.attributes';
    return {
      columns,
      phone: 1,
      email: 2,
      telegram: 3,
      fields: (row) =>
        recipientFields({
          id: row[0] as number,
          phone: row[1] as string | null,
          email: row[2] as string | null,
          telegram_chat_id: row[3] as string | null,
          last_name: row[4] as string,
          first_name: row[5] as string,
          middle_name: row[6] as string,
          attributes: row[7] as string,
        }),
    };
  }
  const cols = ['c.id'];
  const at = (col: string | null) => {
    if (col === null) return -1;
    cols.push(col);
    return cols.length - 1;
  };
  const phoneAt = at(addresses.phone || needs.phone ? 'c.phone' : null);
  const emailAt = at(addresses.email || needs.email ? 'c.email' : null);
  const telegramAt = at(addresses.telegram ? 'c.telegram_chat_id' : null);
  const first = at(needs.names.first ? 'c.first_name' : null);
  const last = at(needs.names.last ? 'c.last_name' : null);
  const middle = at(needs.names.middle ? 'c.middle_name' : null);
  const keys = needs.attributeKeys;
  const attributesAt = at(keys.length > 0 ? 'c.attributes' : null);
  const phone = needs.phone;
  const email = needs.email;
  const values: (string | undefined)[] = new Array<string | undefined>(keys.length);
  const fields = (row: unknown[]): RecipientFields => {
    let attributes: Record<string, string> = {};
    if (attributesAt >= 0) {
      const text = row[attributesAt] as string;
      if (!pickStrings(text, keys, values)) attributes = JSON.parse(text) as Record<string, string>;
      else {
        for (let k = 0; k < keys.length; k++) {
          const v = values[k];
          if (v !== undefined) attributes[keys[k]!] = v;
        }
      }
    }
    return {
      id: row[0] as number,
      firstName: first < 0 ? undefined : (row[first] as string),
      lastName: last < 0 ? undefined : (row[last] as string),
      middleName: middle < 0 ? undefined : (row[middle] as string),
      phone: phone ? ((row[phoneAt] as string | null) ?? undefined) : undefined,
      email: email ? ((row[emailAt] as string | null) ?? undefined) : undefined,
      attributes,
    };
  };
  return { columns: cols.join(', '), phone: phoneAt, email: emailAt, telegram: telegramAt, fields };
}
