import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import type { Result } from '../../../../shared/ipc/result';
import { ConfirmDialog } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { useCampaigns } from '../../stores/campaigns';

/**
 * Asks before a campaign action (discard, cancel, resend), runs it and puts the campaign it returns into the
 * list. Shared by the cost panel (before launch) and the status panel (after).
 */
export function ActionConfirm({
  title,
  body,
  confirmLabel,
  danger,
  call,
  onClose,
  onDone,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  call: () => Promise<Result<CampaignStatusView>>;
  onClose: () => void;
  onDone?: (c: CampaignStatusView) => void;
}) {
  const { busy, error, run } = useSubmit();
  return (
    <ConfirmDialog
      title={title}
      body={body}
      confirmLabel={confirmLabel}
      danger={danger}
      busy={busy}
      error={error}
      onClose={onClose}
      onConfirm={() =>
        run(call, (next) => {
          useCampaigns.getState().upsert(next);
          onDone?.(next);
          onClose();
        })
      }
    />
  );
}
