import { useState, type FormEvent } from 'react';
import { hasAddressFor } from '../../../../shared/domain/addresses';
import { CHANNELS, type Channel } from '../../../../shared/domain/channels';
import { LIMITS, type Contact, type ContactDetails } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { FormButtons, FormError } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { CardSection } from './CardSection';
import { consentEntries, displayAddress } from './ledger';

interface ConsentSectionProps {
  contact: Contact;
  consents: ContactDetails['consents'];
  /** The core answers with the whole card; showing it at once beats waiting for the change event's refetch. */
  onSaved: (details: ContactDetails) => void;
}

/** The consent ledger of one contact and a small form to record a new consent (where and how it was given). */
export function ConsentSection({ contact, consents, onSaved }: ConsentSectionProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const [open, setOpen] = useState(false);
  const entries = consentEntries(consents);

  return (
    <CardSection
      title={t('card.consents')}
      emptyText={entries.length === 0 && t('card.noConsents')}
      footer={
        open ? (
          <ConsentForm
            contact={contact}
            onCancel={() => setOpen(false)}
            onSaved={(details) => {
              setOpen(false);
              onSaved(details);
            }}
          />
        ) : (
          <Button
            icon="plus"
            tone="ghost"
            small
            className="card-add button-flush"
            testId="consent-add"
            onClick={() => setOpen(true)}
          >
            {t('consent.add')}
          </Button>
        )
      }
    >
      <ul className="timeline" data-testid="consent-list">
        {entries.map((cs) => (
          <li key={cs.id} className="timeline-item" data-testid="consent-item">
            <span className="timeline-title">
              {t(`channel.${cs.channel}`)} · {cs.source}
            </span>
            {cs.evidence && <span className="timeline-reason">{cs.evidence}</span>}
            <span className="timeline-meta">
              {[formatDateTime(locale, cs.at), ...cs.addresses.map(displayAddress)].join(' · ')}
            </span>
          </li>
        ))}
      </ul>
    </CardSection>
  );
}

interface ConsentFormProps {
  contact: Contact;
  onCancel: () => void;
  onSaved: (details: ContactDetails) => void;
}

function ConsentForm({ contact, onCancel, onSaved }: ConsentFormProps) {
  const t = useT();
  // A consent is recorded against the contact's address on that channel, so only channels with one are offered
  // (the core refuses the others with "no address").
  const channels = CHANNELS.filter((c) => hasAddressFor(contact, c));
  const [channel, setChannel] = useState<Channel | undefined>(channels[0]);
  const [source, setSource] = useState('');
  const [evidence, setEvidence] = useState('');
  const [sourceError, setSourceError] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!channel) return;
    if (source.trim() === '') {
      setSourceError(t('consent.sourceRequired'));
      return;
    }
    run(
      () => api.contacts.addConsent({ id: contact.id, channel, source: source.trim(), evidence: evidence.trim() }),
      (details) => {
        useUi.getState().showToast(t('toast.consentAdded'));
        onSaved(details);
      },
    );
  };

  return (
    <form
      className="card-form"
      data-testid="consent-form"
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        // Escape here closes the form, not the whole card.
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <label className="field">
        <span className="field-label">{t('consent.channel')}</span>
        <select
          className="input"
          value={channel}
          data-testid="consent-channel"
          onChange={(e) => setChannel(channels.find((c) => c === e.target.value))}
        >
          {channels.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t('consent.source')}
        value={source}
        maxLength={LIMITS.reason}
        placeholder={t('consent.sourcePlaceholder')}
        error={sourceError}
        testId="consent-source"
        errorTestId="consent-source-error"
        autoFocus
        onChange={(value) => {
          setSource(value);
          setSourceError(null);
        }}
      />
      <TextField
        label={t('consent.evidence')}
        value={evidence}
        maxLength={LIMITS.reason}
        placeholder={t('consent.evidencePlaceholder')}
        testId="consent-evidence"
        onChange={setEvidence}
      />
      <FormError error={error} />
      <div className="card-form-actions">
        <FormButtons submitLabel={t('consent.save')} onCancel={onCancel} busy={busy} testId="consent-save" small />
      </div>
    </form>
  );
}
