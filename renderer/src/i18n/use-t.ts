import { useMemo } from 'react';
import { useUi } from '../stores/ui';
import { makeTranslate, type Translate } from './translate';

/** The translate function for the current language; components re-render when the language changes. */
export function useT(): Translate {
  const locale = useUi((s) => s.locale);
  return useMemo(() => makeTranslate(locale), [locale]);
}
