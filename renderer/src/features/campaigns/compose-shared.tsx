import { useT } from '../../i18n/use-t';
import type { FieldError } from '../channels/account-form';
import type { CampaignField, CampaignFormValues } from './compose-form';

/** What each section of "Новая рассылка" gets from the form: the values, a patch to apply, the errors to show. */
export interface ComposeSectionProps {
  v: CampaignFormValues;
  set: (patch: Partial<CampaignFormValues>) => void;
  /** A field's error, once Save has been pressed (before that: none). */
  err: (f: CampaignField) => FieldError | undefined;
}

/** A field's error under it, in the user's language; nothing when there is none. */
export function Foot({ error }: { error?: FieldError }) {
  const t = useT();
  if (!error) return null;
  return (
    <span className="field-error" role="alert">
      {t(error.key, error.params)}
    </span>
  );
}
