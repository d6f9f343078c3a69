import { useEffect } from 'react';
import { Icon } from '../../components/Icon';
import type { MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { importStep, useImport } from '../../stores/import';
import { FileStep } from './FileStep';
import { RunStep } from './RunStep';
import { SettingsStep } from './SettingsStep';

const STEPS: readonly MessageKey[] = ['import.step.file', 'import.step.columns', 'import.step.run'];

/**
 * "Импорт контактов": choose a file, map its columns and set the options, check (a dry run), then import.
 * The steps follow from the store's state (see `importStep`), so leaving the screen and coming back, even
 * mid-import, lands where the user was.
 */
export function ImportScreen() {
  const t = useT();
  const step = useImport(importStep);
  // An import started elsewhere (another window, or before a reload) shows its progress here.
  useEffect(() => {
    void useImport.getState().resume();
  }, []);

  return (
    <main className="main import" data-testid="import-screen" data-step={step}>
      <header className="main-header">
        <div className="main-title">
          <span className="eyebrow">{t('nav.import')}</span>
          <h1>{t('import.title')}</h1>
        </div>
        <Stepper step={step} />
      </header>
      <div className="import-body">
        {step === 1 && <FileStep />}
        {step === 2 && <SettingsStep />}
        {step === 3 && <RunStep />}
      </div>
    </main>
  );
}

function Stepper({ step }: { step: 1 | 2 | 3 }) {
  const t = useT();
  return (
    <ol className="stepper" aria-label={t('import.steps')} data-testid="import-steps">
      {STEPS.map((key, i) => {
        const n = i + 1;
        const state = n < step ? 'is-done' : n === step ? 'is-current' : '';
        return (
          <li key={key} className={`step ${state}`} aria-current={n === step ? 'step' : undefined}>
            <span className="step-mark" aria-hidden="true">
              {n < step ? <Icon name="check" size={13} /> : n}
            </span>
            <span className="step-name">{t(key)}</span>
          </li>
        );
      })}
    </ol>
  );
}
