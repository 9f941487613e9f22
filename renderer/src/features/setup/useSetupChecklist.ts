import { useUsers } from '../admin/api';
import { useInstitutions, useStandards } from '../catalog/api';
import { isInstitutionMode, useInstallMode } from '../exchange/api';
import { useKeyStatus } from '../keys/api';
import { useSettings } from '../settings/api';
import { setupItems, type SetupItem } from './setupChecklist';

/** The new-install checklist (admins only: it reads the user list), or null while loading. */
export function useSetupChecklist(): SetupItem[] | null {
  const keys = useKeyStatus();
  const institutions = useInstitutions();
  const standards = useStandards();
  const users = useUsers();
  const settings = useSettings();
  const mode = useInstallMode();
  if (!keys.data || !institutions.data || !standards.data || !users.data || !settings.data || !mode.data) return null;
  return setupItems({
    keys: keys.data,
    institutions: institutions.data,
    standards: standards.data,
    users: users.data,
    settings: settings.data,
    institutionMode: isInstitutionMode(mode.data),
  });
}
