import { parseStartOptions, UsageError } from '../../../infra/local/options';

describe('npm start flags (the local runtime contract)', () => {
  it('defaults: port 3000, demo on, data on disk', () => {
    expect(parseStartOptions([])).toEqual({
      port: 3000,
      host: '127.0.0.1',
      demo: true,
      exitAfterDemo: false,
      inMemory: false,
      reset: false,
      verbose: false,
      help: false,
    });
  });

  it('reads every documented flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseStartOptions([
        '--merge-base-url',
        'https://api.merge.dev/api/',
        '--port=4000',
        '--poll-interval',
        '30',
        '--no-demo',
        '--in-memory',
      ]),
    ).toMatchObject({
      mergeBaseUrl: 'https://api.merge.dev/api',
      port: 4000,
      pollIntervalSeconds: 30,
      demo: false,
      inMemory: true,
    });
    expect(parseStartOptions(['--exit-after-demo'])).toMatchObject({ exitAfterDemo: true, demo: true });
  });

  it('--host chooses the listening address; --reset empties .data/ first', () => {
    expect(parseStartOptions(['--host', '0.0.0.0']).host).toBe('0.0.0.0');
    expect(parseStartOptions(['--host=::']).host).toBe('::');
    expect(parseStartOptions(['--reset']).reset).toBe(true);
  });

  it('a real Merge turns the demo off (the demo drives the embedded simulator only)', () => {
    expect(parseStartOptions(['--merge-base-url', 'http://127.0.0.1:9000/api']).demo).toBe(false);
  });

  it.each([
    [['--prot', '3000'], /unknown option "--prot"/],
    [['--port'], /--port needs a value/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--poll-interval', '0'], /--poll-interval must be/],
    [['--merge-base-url', 'ftp://x'], /must be an http\(s\) URL/],
    [['--merge-base-url', '--no-demo'], /needs a value/],
    [['--no-demo', '--exit-after-demo'], /--exit-after-demo needs the demo/],
    [['--host', 'my laptop'], /--host must be an IP address/],
    [['--host'], /--host needs a value/],
    [['--reset', '--in-memory'], /--reset empties \.data\/, which --in-memory does not use/],
  ])('%j is refused clearly', (argv, message) => {
    expect(() => parseStartOptions(argv)).toThrow(UsageError);
    expect(() => parseStartOptions(argv)).toThrow(message);
  });
});
