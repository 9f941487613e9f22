import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import { useCurrentUser } from '../../app/session/sessionContext';
import { canBindKeys } from './access';
import { InstitutionKeysTable } from './InstitutionKeysTable';
import { PickFileButton } from './PickFileButton';
import { useBindRegistration } from './useBindRegistration';

/** The institutions' keys: the admin binds them from registration files; a reviewer sees the list. */
export function InstitutionKeysCard() {
  const user = useCurrentUser();
  if (!canBindKeys(user.role))
    return (
      <Card size="small" title="1. 已登记的机构密钥">
        <Typography.Paragraph type="secondary">
          本局只接受下列密钥签名的申报包。机构的登记文件由系统管理员导入；机构更换电脑后，请其把新电脑的登记文件交系统管理员。
        </Typography.Paragraph>
        <InstitutionKeysTable />
      </Card>
    );
  return <BindCard />;
}

function BindCard() {
  const bind = useBindRegistration();
  return (
    <Card size="small" title="1. 导入机构登记文件">
      <Typography.Paragraph type="secondary">
        使用“培训机构模式”的机构会导出一份登记文件（含机构的公钥）。导入后，本局才能确认该机构申报包的真实性。每个机构只需导入一次；机构更换电脑后需导入新电脑的登记文件，旧电脑的密钥随之停用（请先导入旧电脑导出的申报包）。
      </Typography.Paragraph>
      <PickFileButton
        label="导入机构登记文件"
        icon={<SafetyCertificateOutlined />}
        loading={bind.isPending}
        onText={(text) => void bind.bind(text)}
      />
      <InstitutionKeysTable />
    </Card>
  );
}
