import { CameraOutlined, IdcardOutlined, ScanOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Select, Space, Typography, type RefSelectProps } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useCurrentUser } from '../../app/session/sessionContext';
import { useInstitutions } from '../catalog/api';
import { searchByLabel } from '../catalog/labels';
import { useInstallMode } from '../exchange/api';
import { CameraScanner } from './CameraScanner';
import { FileScan } from './FileScan';
import { RedeemVerdict } from './RedeemVerdict';
import { TodayRedemptions } from './TodayRedemptions';
import { useRedeemFlow } from './useRedeemFlow';

const enter = (run: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.nativeEvent.isComposing) return;
  e.preventDefault();
  run();
};

/** 扫码核销: the training institution accepts a voucher at enrolment, after checking the holder's ID. */
export function RedeemPage() {
  const user = useCurrentUser();
  const isAdmin = user.role === 'admin';
  const institutions = useInstitutions();
  const mode = useInstallMode();
  const [chosen, setChosen] = useState<string>();
  const [camera, setCamera] = useState(false);
  const selectRef = useRef<RefSelectProps>(null);

  const institutionCode = isAdmin ? (chosen ?? mode.data?.institutionCode ?? undefined) : undefined;
  const own = institutions.data?.find((i) => i.id === user.institutionId);
  const { scanRef, idRef, ...flow } = useRedeemFlow(institutionCode, isAdmin, () => selectRef.current?.focus());

  return (
    <Card title="扫码核销">
      <Typography.Paragraph type="secondary" style={{ fontSize: 15 }}>
        第一步：用扫码枪扫描培训券二维码（或输入券号、备用码）后按
        Enter。第二步：显示“可以核销”后，输入或扫描持券人身份证号，按 Enter 完成核销。按 Esc 回到扫码框。
      </Typography.Paragraph>
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {isAdmin ? (
              <Space>
                <Typography.Text>核销机构：</Typography.Text>
                <Select
                  ref={selectRef}
                  showSearch={searchByLabel}
                  aria-label="核销机构"
                  placeholder="选择以哪个培训机构的名义核销"
                  style={{ width: 420 }}
                  loading={institutions.isLoading}
                  value={institutionCode}
                  onChange={(v: string) => {
                    setChosen(v);
                    flow.selectScan();
                  }}
                  options={institutions.data?.map((i) => ({
                    value: i.code,
                    label: `${i.name}（${i.code}）${i.status === 'suspended' ? '【已暂停】' : ''}`,
                  }))}
                />
              </Space>
            ) : (
              <Typography.Text>核销机构：{own ? `${own.name}（${own.code}）` : '本机构'}</Typography.Text>
            )}
            <Space.Compact style={{ width: '100%' }}>
              <Input
                ref={scanRef}
                size="large"
                aria-label="扫描或输入培训券"
                placeholder="扫描二维码，或输入券号 / 备用码后按 Enter"
                prefix={<ScanOutlined />}
                autoComplete="off"
                spellCheck={false}
                style={{ fontSize: 22, height: 60 }}
                value={flow.text}
                onChange={(e) => flow.setText(e.target.value)}
                onPressEnter={enter(flow.runCheck)}
              />
              <Button
                size="large"
                style={{ height: 60 }}
                loading={flow.checking}
                disabled={flow.text === ''}
                onClick={flow.runCheck}
              >
                核验
              </Button>
            </Space.Compact>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                ref={idRef}
                size="large"
                aria-label="持券人身份证号"
                placeholder={
                  flow.awaitingId ? '输入或扫描持券人身份证号后按 Enter' : '核验通过后在此输入持券人身份证号'
                }
                prefix={<IdcardOutlined />}
                autoComplete="off"
                spellCheck={false}
                disabled={!flow.awaitingId}
                style={{ fontSize: 22, height: 60 }}
                value={flow.idNumber}
                onChange={(e) => flow.setIdNumber(e.target.value)}
                onPressEnter={enter(flow.runConfirm)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') flow.selectScan();
                }}
              />
              <Button
                type="primary"
                size="large"
                style={{ height: 60 }}
                loading={flow.confirming}
                disabled={!flow.awaitingId || flow.idNumber.trim() === ''}
                onClick={flow.runConfirm}
              >
                确认核销
              </Button>
            </Space.Compact>
            {flow.outcome && <RedeemVerdict outcome={flow.outcome} />}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {camera ? (
              <CameraScanner onCode={flow.scanned} onClose={() => setCamera(false)} />
            ) : (
              <Button size="large" icon={<CameraOutlined />} onClick={() => setCamera(true)}>
                摄像头扫码
              </Button>
            )}
            <FileScan institutionCode={institutionCode} onCode={flow.scanned} onError={flow.fail} />
          </Space>
        </Col>
      </Row>
      {/* An admin sees the list once an institution is chosen; an operator always sees their own. */}
      <TodayRedemptions institutionCode={institutionCode} enabled={!isAdmin || institutionCode !== undefined} />
    </Card>
  );
}
