import { useMutation } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';
import { saveArtifact } from '../../app/download';
import { useFeedback } from '../../app/feedback';

export type ExportChannel = 'export:workers' | 'export:vouchers' | 'export:archive';

/** An export arrives whole and is saved straight away under the server's file name. */
export function useExport<K extends ExportChannel>(channel: K) {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: (a) => {
      saveArtifact(a);
      feedback.success(`已导出：${a.name}`);
    },
    onError: (e) => feedback.error(e),
  });
}

export function useImportTemplate() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: () => call('import:template', {}),
    onSuccess: (a) => saveArtifact(a),
    onError: (e) => feedback.error(e),
  });
}

/** A file the server made earlier (e.g. the rows an import refused), fetched by id and saved. */
export function useDownloadArtifact() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: (id: string) => call('artifact:get', { id }),
    onSuccess: (a) => saveArtifact(a),
    onError: (e) => feedback.error(e),
  });
}

export function useImportWorkers() {
  return useMutation({ mutationFn: (input: ChannelInput<'import:workers'>) => call('import:workers', input) });
}
