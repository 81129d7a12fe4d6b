export function MockBanner() {
  return (
    <div className="mock-banner" role="note">
      模拟微信 · 仅供开发与测试
    </div>
  );
}
