import { BUILTIN_VARIABLES, VARIABLE_LABELS, type BuiltinVariable } from '../../../../shared/domain/template';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { variableToken } from './compose-form';

/** Variables whose empty value reads badly without a fallback ("Здравствуйте, !"): inserted with one. */
export const WITH_FALLBACK: ReadonlySet<string> = new Set<BuiltinVariable>(['first_name', 'full_name', 'middle_name']);

/** The token a chip inserts: {first_name|клиент}, {balance}, {var1}. */
export function useVariableToken(): (name: string) => string {
  const t = useT();
  return (name) => variableToken(name, WITH_FALLBACK.has(name) ? t('campaigns.fallback.name') : undefined);
}

/**
 * The fields a text can take, as chips that insert them at the caret: the contact's fields, and for a
 * campaign sheet its row's own values {var1}…{varN}.
 */
export function VariableChips({
  onInsert,
  sheetVariables = 0,
  testPrefix = 'compose-var',
}: {
  onInsert: (token: string) => void;
  sheetVariables?: number;
  testPrefix?: string;
}) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const token = useVariableToken();
  const sheet = Array.from({ length: sheetVariables }, (_, i) => `var${i + 1}`);
  return (
    <div className="variable-chips">
      {BUILTIN_VARIABLES.map((name) => (
        <button
          key={name}
          type="button"
          className="chip-button"
          title={token(name)}
          data-testid={`${testPrefix}-${name}`}
          onClick={() => onInsert(token(name))}
        >
          {VARIABLE_LABELS[name][locale]}
        </button>
      ))}
      {sheet.map((name) => (
        <button
          key={name}
          type="button"
          className="chip-button chip-sheet"
          title={t('campaigns.sheet.varHint')}
          data-testid={`${testPrefix}-${name}`}
          onClick={() => onInsert(`{${name}}`)}
        >
          {`{${name}}`}
        </button>
      ))}
    </div>
  );
}
