import type { Channel } from './channels';
import {
  emptyScan,
  firstNonGsm7,
  nonGsm7Chars,
  smsPartsOfScan,
  smsPartsPacked,
  smsScanAdd,
  type SmsScan,
} from './sms-fast';
import {
  renderEnv,
  templateProgram,
  TEXT_OP,
  TODAY_OP,
  variableValue,
  type CompiledTemplate,
  type RecipientFields,
  type RenderEnv,
  type TemplateProgram,
} from './template';

/**
 * The cost preview of a campaign before launch: every recipient's personalised message is rendered and
 * counted — parts, encoding, which values switched a GSM-7 text to UCS-2, which variables fell back — in one
 * pass, fast enough for a million recipients in well under a second (test/bench/preview.bench.ts).
 *
 * SMS parts are counted exactly as `countSms` counts them (shared/domain/sms-fast.ts, proven equal). For the
 * other channels every message that is not empty is one part, as `messages:estimate` counts them, and the
 * tariff is then per message. An empty message (every variable empty, nothing else) counts no part: it would
 * not be sent; `emptyMessages` says how many there are.
 */

export interface CampaignPreviewOptions {
  channel: Channel;
  /** The campaign's date in its time zone, 'YYYY-MM-DD': what {today} gives. */
  today: string;
  /** Price of one SMS part (of one message on other channels), in the account's currency. */
  tariffPerPart?: number;
  /** {balance}'s digit groups: a plain space unless asked (see RenderOptions). Keep the default for SMS. */
  numberGrouping?: 'space' | 'nbsp';
  /** How many example recipients to keep for the UCS-2 switch report (default 5). */
  examples?: number;
}

export interface Ucs2SwitchExample {
  /** The recipient's position in the list (0-based) and its id when it has one. */
  index: number;
  id: number | null;
  /** The first variable whose value (or fallback) is not GSM-7, what it gave, and its non-GSM-7 characters. */
  variable: string;
  value: string;
  fromFallback: boolean;
  characters: string[];
  /** The whole message. */
  text: string;
}

export interface Ucs2SwitchByVariable {
  /** Messages in which this variable's value (or fallback) had characters outside GSM-7. */
  messages: number;
  /** Those characters, distinct, in order of first appearance (at most CHARACTER_LIMIT). */
  characters: string[];
}

export interface Ucs2Switch {
  /** Messages that are UCS-2 only because of what the variables gave: the template's own text is GSM-7. */
  messages: number;
  byVariable: Record<string, Ucs2SwitchByVariable>;
  /** All offending characters, distinct, in order of first appearance (at most CHARACTER_LIMIT). */
  characters: string[];
  examples: Ucs2SwitchExample[];
}

export interface LongestMessage {
  index: number;
  id: number | null;
  text: string;
  parts: number;
  ucs2: boolean;
}

export interface CampaignPreview {
  channel: Channel;
  /** Recipients looked at (one message each), empty messages included. */
  messages: number;
  /** Messages that came out empty: not sent, no parts. */
  emptyMessages: number;
  /** Parts in all: what an SMS campaign is billed for. */
  parts: number;
  /** How many messages take 1, 2, 3… parts. */
  byParts: Record<number, number>;
  ucs2Messages: number;
  /** The template's own text (without values and fallbacks) is UCS-2 already, and because of these characters. */
  templateUcs2: boolean;
  templateNonGsm: string[];
  switchedToUcs2ByValues: Ucs2Switch;
  /** Per variable: messages in which its value was empty and its fallback was used. */
  emptyFallbacksUsed: Record<string, number>;
  /** Per variable: messages in which its value was empty and it has no fallback (it gave nothing). */
  emptyWithoutFallback: Record<string, number>;
  /** parts × tariffPerPart rounded to hundredths; null without a tariff. */
  cost: number | null;
  /** The message with the most parts (the most UTF-16 units among those), null when all are empty. */
  longest: LongestMessage | null;
}

// Local names for the imported functions the hot loop calls: when a loader compiles ES modules to CommonJS
// (tsx, vitest) every use of an import goes through a getter, which costs more than the call itself here.
const valueOf = variableValue;
const packedParts = smsPartsPacked;
const firstNonGsm = firstNonGsm7;
const scanAdd = smsScanAdd;
const partsOfScan = smsPartsOfScan;
const TEXT = TEXT_OP;
const TODAY = TODAY_OP;

export const CHARACTER_LIMIT = 32;
/** Distinct values per variable remembered as already scanned for their characters. */
const SEEN_VALUES_LIMIT = 10_000;

interface VariableSwitch {
  messages: number;
  /** The last message counted. */
  stamp: number;
  characters: string[];
  seen: Set<string>;
}

/**
 * An incremental preview: feed recipients (`add`, e.g. page by page from the base, yielding between pages)
 * and read the figures (`result`) at any time.
 */
export class CampaignPreviewer {
  private readonly p: TemplateProgram;
  private readonly env: RenderEnv;
  private readonly sms: boolean;
  private readonly literalGsm7: boolean;
  /** The program's ops, with {today} (the same for every recipient) turned into text. */
  private readonly ops: Uint8Array;
  private readonly pieces: string[];
  /** Scans of the pieces that are the same for everyone (text, {today}) and of the fallbacks, made once. */
  private readonly literal: SmsScan[];
  private readonly fallbackScans: SmsScan[];
  private readonly scan: SmsScan = emptyScan();
  private readonly fallbackStamp: Float64Array;
  private readonly blankStamp: Float64Array;
  private readonly fallbackUsed: number[];
  private readonly blank: number[];
  private readonly byParts: number[] = [];
  private readonly switches: VariableSwitch[];
  private readonly examples: Ucs2SwitchExample[] = [];
  private readonly exampleLimit: number;
  private readonly characters: string[] = [];
  private index = 0;
  private empty = 0;
  private parts = 0;
  private ucs2 = 0;
  private switched = 0;
  private longest: { index: number; id: number | null; text: string; parts: number; ucs2: boolean } | null = null;

  constructor(
    private readonly template: CompiledTemplate,
    private readonly options: CampaignPreviewOptions,
  ) {
    this.p = templateProgram(template);
    this.env = renderEnv(template, { today: options.today, numberGrouping: options.numberGrouping ?? 'space' });
    if (options.tariffPerPart !== undefined && !(Number.isFinite(options.tariffPerPart) && options.tariffPerPart >= 0))
      throw new RangeError('tariffPerPart must be a number ≥ 0');
    this.sms = options.channel === 'sms';
    this.literalGsm7 = firstNonGsm(template.literalText) < 0;
    // Literal pieces keep their text; variable pieces are overwritten by each recipient's values.
    this.ops = this.p.ops.map((op) => (op === TODAY ? TEXT : op));
    this.pieces = this.p.texts.map((text, k) => (this.p.ops[k] === TODAY ? this.env.today : text));
    const scanOf = (text: string | null) => {
      const scan = emptyScan();
      if (text !== null) smsScanAdd(scan, text);
      return scan;
    };
    this.literal = this.pieces.map((text, k) => scanOf(this.ops[k] === TEXT ? text : null));
    this.fallbackScans = this.p.fallbacks.map(scanOf);
    const vars = template.variables.length;
    this.fallbackStamp = new Float64Array(vars).fill(-1);
    this.blankStamp = new Float64Array(vars).fill(-1);
    this.fallbackUsed = new Array<number>(vars).fill(0);
    this.blank = new Array<number>(vars).fill(0);
    this.switches = template.variables.map(() => ({ messages: 0, stamp: -1, characters: [], seen: new Set<string>() }));
    this.exampleLimit = options.examples ?? 5;
  }

  /** Adds one recipient's message; true when it is now the longest (what the provider's cost API is asked about). */
  add(r: RecipientFields): boolean {
    const index = this.index++;
    const { texts, fallbacks, variableIndex, size } = this.p;
    const { ops, pieces, literal, sms } = this;
    const scan = this.scan;
    scan.septets = 0;
    scan.units = 0;
    scan.flags = 0;
    for (let k = 0; k < size; k++) {
      const op = ops[k]!;
      if (op === TEXT) {
        // The template's own text was scanned once, in the constructor.
        const l = literal[k]!;
        scan.septets += l.septets;
        scan.units += l.units;
        scan.flags |= l.flags;
        continue;
      }
      const v = valueOf(op, texts[k]!, r, this.env);
      if (v === '') {
        // Counted once per message and variable, however often the template uses it.
        const vi = variableIndex[k]!;
        const fb = fallbacks[k]!;
        if (fb === null) {
          if (this.blankStamp[vi] !== index) {
            this.blankStamp[vi] = index;
            this.blank[vi]! += 1;
          }
        } else {
          if (this.fallbackStamp[vi] !== index) {
            this.fallbackStamp[vi] = index;
            this.fallbackUsed[vi]! += 1;
          }
          pieces[k] = fb;
          const f = this.fallbackScans[k]!;
          scan.septets += f.septets;
          scan.units += f.units;
          scan.flags |= f.flags;
          continue;
        }
      }
      pieces[k] = v;
      if (sms) scanAdd(scan, v);
      else scan.units += v.length;
    }
    if (scan.units === 0) {
      this.empty += 1;
      return false;
    }
    let parts = 1;
    let ucs2 = false;
    let text: string | null = null;
    if (sms) {
      let packed = partsOfScan(scan);
      if (packed < 0) {
        // The order of the characters decides (an extension character or an emoji at a part boundary).
        text = this.join();
        packed = packedParts(text);
      }
      parts = Math.floor(packed / 2);
      ucs2 = (packed & 1) === 1;
    }
    this.parts += parts;
    this.byParts[parts] = (this.byParts[parts] ?? 0) + 1;
    if (ucs2) {
      this.ucs2 += 1;
      if (this.literalGsm7) this.recordSwitch(index, r, text);
    }
    const best = this.longest;
    if (best === null || parts > best.parts || (parts === best.parts && scan.units > best.text.length)) {
      this.longest = { index, id: typeof r.id === 'number' ? r.id : null, text: text ?? this.join(), parts, ucs2 };
      return true;
    }
    return false;
  }

  /** The message of the recipient just rendered, from its pieces. */
  private join(): string {
    let text = '';
    for (const piece of this.pieces) text += piece;
    return text;
  }

  /** A message is UCS-2 while the template's text is GSM-7: find the values that did it. */
  private recordSwitch(index: number, r: RecipientFields, text: string | null): void {
    this.switched += 1;
    const { variableIndex, size, fallbacks, names } = this.p;
    const ops = this.ops;
    let example = this.examples.length < this.exampleLimit;
    for (let k = 0; k < size; k++) {
      if (ops[k] === TEXT) continue;
      const piece = this.pieces[k]!;
      if (firstNonGsm(piece) < 0) continue;
      const vi = variableIndex[k]!;
      const sw = this.switches[vi]!;
      // A variable used twice counts once per message.
      if (sw.stamp !== index) {
        sw.stamp = index;
        sw.messages += 1;
      }
      if (sw.characters.length < CHARACTER_LIMIT && !sw.seen.has(piece)) {
        if (sw.seen.size < SEEN_VALUES_LIMIT) sw.seen.add(piece);
        for (const ch of nonGsm7Chars(piece)) {
          if (sw.characters.length < CHARACTER_LIMIT && !sw.characters.includes(ch)) sw.characters.push(ch);
          if (this.characters.length < CHARACTER_LIMIT && !this.characters.includes(ch)) this.characters.push(ch);
        }
      }
      if (example) {
        example = false;
        const fromFallback = valueOf(ops[k]!, this.p.texts[k]!, r, this.env) === '' && fallbacks[k] !== null;
        this.examples.push({
          index,
          id: typeof r.id === 'number' ? r.id : null,
          variable: names[k]!,
          value: piece,
          fromFallback,
          characters: nonGsm7Chars(piece),
          text: text ?? this.join(),
        });
      }
    }
  }

  result(): CampaignPreview {
    const vars = this.template.variables;
    const perVariable = (counts: number[]) => {
      const out: Record<string, number> = {};
      vars.forEach((name, i) => {
        if (counts[i]! > 0) out[name] = counts[i]!;
      });
      return out;
    };
    const byParts: Record<number, number> = {};
    this.byParts.forEach((n, parts) => {
      if (n > 0) byParts[parts] = n;
    });
    const byVariable: Record<string, Ucs2SwitchByVariable> = {};
    vars.forEach((name, i) => {
      const sw = this.switches[i]!;
      if (sw.messages > 0) byVariable[name] = { messages: sw.messages, characters: [...sw.characters] };
    });
    const templateNonGsm = this.sms ? nonGsm7Chars(this.template.literalText) : [];
    const tariff = this.options.tariffPerPart;
    return {
      channel: this.options.channel,
      messages: this.index,
      emptyMessages: this.empty,
      parts: this.parts,
      byParts,
      ucs2Messages: this.ucs2,
      templateUcs2: templateNonGsm.length > 0,
      templateNonGsm,
      switchedToUcs2ByValues: {
        messages: this.switched,
        byVariable,
        characters: [...this.characters],
        examples: this.examples.map((e) => ({ ...e, characters: [...e.characters] })),
      },
      emptyFallbacksUsed: perVariable(this.fallbackUsed),
      emptyWithoutFallback: perVariable(this.blank),
      cost: tariff === undefined ? null : Math.round(this.parts * tariff * 100) / 100,
      longest: this.longest ? { ...this.longest } : null,
    };
  }
}

/** The whole preview over a list (an array, or a generator reading the base page by page). */
export function previewCampaign(
  template: CompiledTemplate,
  recipients: Iterable<RecipientFields>,
  options: CampaignPreviewOptions,
): CampaignPreview {
  const previewer = new CampaignPreviewer(template, options);
  for (const r of recipients) previewer.add(r);
  return previewer.result();
}
