import { useEffect } from 'react';
import { Toast } from './components/Toast';
import { useT } from './i18n/use-t';
import { CampaignsScreen } from './features/campaigns/CampaignsScreen';
import { BaseScreen } from './features/contacts/BaseScreen';
import { DropOverlay } from './features/import/DropOverlay';
import { ImportScreen } from './features/import/ImportScreen';
import { useFileDrop } from './features/import/use-file-drop';
import { DialogHost } from './features/layout/DialogHost';
import { Sidebar } from './features/layout/Sidebar';
import { useDataSync } from './features/layout/use-data-sync';
import { connectImportJobs, useImport } from './stores/import';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { TestSendScreen } from './features/test-send/TestSendScreen';
import { useUi, type Screen } from './stores/ui';

export function App() {
  const t = useT();
  const screen = useUi((s) => s.screen);
  useDataSync();
  useFileDrop();
  // Import progress is followed for the app's lifetime: a job keeps running while another screen is shown.
  // One already running in the core (the page was reloaded mid-import) is picked up, so it can be watched and
  // cancelled; the sidebar shows it at once.
  useEffect(() => {
    const off = connectImportJobs();
    void useImport.getState().resume();
    return off;
  }, []);
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);
  return (
    <div className="app">
      <Sidebar />
      <MainScreen screen={screen} />
      <DialogHost />
      <DropOverlay />
      <Toast />
    </div>
  );
}

function MainScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'base':
      return <BaseScreen />;
    case 'import':
      return <ImportScreen />;
    case 'test':
      return <TestSendScreen />;
    case 'campaigns':
      return <CampaignsScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
