import type { FormInstance } from 'antd';
import { useFundSources, useInstitutions, useOccupations, usePlans } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel } from '../catalog/labels';
import type { Choice } from '../workers/pickTyped';
import { approvedInstitutions, type TermsValues } from './terms';

/**
 * The terms' drop-downs by field id, the same options TermsFields shows, so that Enter after typed
 * pinyin picks by the text at any typing speed (see pickTyped).
 */
export function useTermsChoices(form: FormInstance<TermsValues>) {
  const plans = usePlans();
  const occupations = useOccupations();
  const institutions = useInstitutions();
  const fundSources = useFundSources();
  const choices = (id: string): readonly Choice[] | undefined => {
    switch (id) {
      case 'planId':
        return plans.data?.filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }));
      case 'occupationCode':
        return occupations.data?.filter((o) => o.active).map((o) => ({ value: o.code, label: occupationLabel(o) }));
      case 'level':
        return LEVEL_OPTIONS;
      case 'institutionId': {
        const v = form.getFieldsValue(['occupationCode', 'level']);
        return approvedInstitutions(institutions.data ?? [], v.occupationCode, v.level).map((i) => ({
          value: i.id,
          label: i.name,
        }));
      }
      case 'fundSource':
        return fundSources.data?.map((f) => ({ value: f.code, label: f.name }));
      default:
        return undefined;
    }
  };
  const pick = (id: string, value: Choice['value']) => {
    form.setFieldValue(id as keyof TermsValues, value);
    form.setFields([{ name: id as keyof TermsValues, errors: [] }]);
  };
  return { choices, pick };
}
