/** console.warn's lines during each test of the file, kept instead of printed (the app logs JSON lines there). */
export function captureWarnings(): string[] {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(console, 'warn').mockImplementation((line: unknown) => void lines.push(String(line)));
  });
  afterEach(() => jest.restoreAllMocks());
  return lines;
}
