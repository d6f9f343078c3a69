import { useEffect } from 'react';
import { Toast } from './components/Toast';
import { useT } from './i18n/use-t';
import { BaseScreen } from './features/contacts/BaseScreen';
import { DialogHost } from './features/layout/DialogHost';
import { Sidebar } from './features/layout/Sidebar';
import { useDataSync } from './features/layout/use-data-sync';

export function App() {
  const t = useT();
  useDataSync();
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);
  return (
    <div className="app">
      <Sidebar />
      <BaseScreen />
      <DialogHost />
      <Toast />
    </div>
  );
}
