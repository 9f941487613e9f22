import { InboxOutlined } from '@ant-design/icons';
import { Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/feedback';
import { CodePicker } from './CodePicker';
import { ACCEPTED_FILES, codesFromFile, ScanFileError } from './fileCodes';

interface Props {
  institutionCode: string | undefined;
  onCode: (text: string) => void;
  onError: (message: string) => void;
}

/** Drop (or pick) a photo of a voucher or a voucher PDF; several codes in one file are listed to pick from. */
export function FileScan({ institutionCode, onCode, onError }: Props) {
  const [reading, setReading] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  const read = async (file: File) => {
    setReading(true);
    try {
      const found = await codesFromFile(file);
      if (found.length === 1) onCode(found[0]!);
      else setCodes(found);
    } catch (e) {
      onError(e instanceof ScanFileError ? e.message : errorText(e));
    } finally {
      setReading(false);
    }
  };

  return (
    <>
      <Upload.Dragger
        accept={ACCEPTED_FILES}
        multiple={false}
        showUploadList={false}
        disabled={reading}
        beforeUpload={(file) => {
          void read(file);
          return Upload.LIST_IGNORE;
        }}
        style={{ padding: '4px 8px' }}
      >
        <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
          <InboxOutlined />
        </p>
        <Typography.Text>
          {reading ? '正在识别……' : '把培训券照片（PNG/JPG）或培训券 PDF 拖到这里，或点击选择文件'}
        </Typography.Text>
      </Upload.Dragger>
      <CodePicker
        codes={codes}
        institutionCode={institutionCode}
        onClose={() => setCodes(null)}
        onPick={(text) => {
          setCodes(null);
          onCode(text);
        }}
      />
    </>
  );
}
