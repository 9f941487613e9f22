import { CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';

const FRAME_MS = 200;

function cameraError(e: unknown): string {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return '未获准使用摄像头：请在系统设置中允许本程序使用摄像头';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return '没有找到摄像头，请连接摄像头后重试';
  if (name === 'NotReadableError') return '摄像头正被其他程序使用，请关闭其他程序后重试';
  return '无法打开摄像头，请改用扫码枪或输入备用码';
}

interface Props {
  /** A QR text seen by the camera; the same code is reported once while the camera stays open. */
  onCode: (text: string) => void;
  onClose: () => void;
}

/** The camera's picture, read for a QR code every 200 ms; the camera is released on unmount. */
export function CameraScanner({ onCode, onClose }: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  const [state, setState] = useState<'starting' | 'scanning' | 'decoderFailed'>('starting');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    onCodeRef.current = onCode;
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    let busy = false;
    let last = '';
    const canvas = document.createElement('canvas');
    const ctx2d = canvas.getContext('2d', { willReadFrequently: true });

    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('', 'NotFoundError');
      const { decodeQr } = await import('./zxing');
      stream = await navigator.mediaDevices.getUserMedia({ video: true });
      const video = videoRef.current;
      if (stopped || !video) return;
      video.srcObject = stream;
      await video.play();
      setState('scanning');
      timer = setInterval(() => {
        if (busy || stopped || !ctx2d || video.readyState < video.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
        busy = true;
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        ctx2d.drawImage(video, 0, 0);
        decodeQr(ctx2d.getImageData(0, 0, canvas.width, canvas.height), { maxNumberOfSymbols: 1 })
          .then((codes) => {
            const text = codes[0];
            if (text && text !== last && !stopped) {
              last = text;
              onCodeRef.current(text);
            }
          })
          .catch(() => setState('decoderFailed'))
          .finally(() => {
            busy = false;
          });
      }, FRAME_MS);
    };

    start().catch((e: unknown) => {
      if (!stopped) setError(cameraError(e));
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  return (
    <Card
      size="small"
      title="摄像头扫码"
      extra={
        <Button size="small" icon={<CloseOutlined />} onClick={onClose}>
          关闭摄像头
        </Button>
      }
      style={{ maxWidth: 520 }}
    >
      {error ? (
        <Alert type="error" showIcon title={error} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <video
            ref={videoRef}
            aria-label="摄像头画面"
            muted
            playsInline
            style={{ width: '100%', maxHeight: 360, background: '#000', borderRadius: 6 }}
          />
          <Typography.Text type={state === 'decoderFailed' ? 'danger' : 'secondary'}>
            {state === 'starting'
              ? '正在打开摄像头……'
              : state === 'scanning'
                ? '请将培训券上的二维码对准摄像头，识别后自动核验'
                : '二维码识别组件加载失败，请改用扫码枪或输入备用码'}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
