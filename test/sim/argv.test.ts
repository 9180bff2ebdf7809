import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/sim/cli/argv.js';
import { UsageError } from '../../src/sim/cli/errors.js';
import { parseSelector, matches } from '../../src/sim/api/selector.js';
import { jsonpath } from '../../src/sim/print/jsonpath.js';
import { humanDuration } from '../../src/sim/print/format.js';

describe('kubectl argv parsing', () => {
  it('global flags anywhere, both flag forms, combined short booleans, -- for exec', () => {
    const p = parseArgv(['--namespace', 'lab', '--request-timeout=10s', 'exec', '-it', 'pod-0', '-c', 'emqx', '--', 'emqx', 'ctl', '-x']);
    expect(p.path).toEqual(['exec']);
    expect(p.flags.get('namespace')).toBe('lab');
    expect(p.flags.get('stdin')).toBe(true);
    expect(p.flags.get('tty')).toBe(true);
    expect(p.flags.get('container')).toBe('emqx');
    expect(p.args).toEqual(['pod-0', 'emqx', 'ctl', '-x']);
    expect(p.dash).toBe(1);
  });

  it('sub-commands and aliases', () => {
    expect(parseArgv(['create', 'ns', 'x']).path).toEqual(['create', 'namespace']);
    expect(parseArgv(['-n', 'a', 'rollout', 'status', 'deploy/x']).args).toEqual(['deploy/x']);
    expect(parseArgv(['create', 'secret', 'generic', 's', '--from-literal=a=b']).path).toEqual(['create', 'secret', 'generic']);
    expect(parseArgv(['get', 'pods', '-nlab']).flags.get('namespace')).toBe('lab');
    expect(parseArgv(['get', 'pods', '-o=json']).flags.get('output')).toBe('json');
    expect(parseArgv(['apply', '-f', 'a.yaml', '-f', 'b.yaml']).flags.get('filename')).toEqual(['a.yaml', 'b.yaml']);
    expect(parseArgv(['apply', '--dry-run', '-f', 'a']).flags.get('dry-run')).toBe('unchanged');
  });

  it('refuses what kubectl refuses, with its words', () => {
    const msg = (a: string[]) => {
      try {
        parseArgv(a);
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
    };
    expect(msg(['get', 'pods', '--foo'])).toBe('unknown flag: --foo');
    expect(msg(['get', 'pods', '-x'])).toBe("unknown shorthand flag: 'x' in -x");
    expect(msg(['get', 'pods', '-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(msg(['scale', 'deploy/x', '--replicas=x'])).toBe('invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax');
    expect(msg(['get', 'pods', '--ignore-not-found=xyz'])).toBe('invalid argument "xyz" for "--ignore-not-found" flag: strconv.ParseBool: parsing "xyz": invalid syntax');
    expect(msg(['logs', 'p', '--replicas=3'])).toBe('unknown flag: --replicas');
  });
});

describe('selectors, JSONPath, ages', () => {
  it('label selectors: =, ==, !=, in, notin, exists, !key', () => {
    const l = { app: 'emqx', tier: 'mq' };
    const t = (s: string) => matches(parseSelector(s), l);
    expect(t('app=emqx')).toBe(true);
    expect(t('app==emqx,tier!=web')).toBe(true);
    expect(t('app in (emqx, other)')).toBe(true);
    expect(t('tier notin (mq)')).toBe(false);
    expect(t('app')).toBe(true);
    expect(t('!zone')).toBe(true);
    expect(t('!app')).toBe(false);
    expect(() => parseSelector('app in (emqx')).toThrow();
  });

  it('jsonpath templates', () => {
    const list = { items: [{ metadata: { name: 'a' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } }] };
    expect(jsonpath('{.items[*].metadata.name}', list)).toBe('a b');
    expect(jsonpath('{.items[0].status.phase}', list)).toBe('Running');
    expect(jsonpath('{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}', list)).toBe('a=True\nb=False\n');
    expect(jsonpath('{.items[1].missing}', list)).toBe('');
    expect(jsonpath('{.items[-1].metadata}', list)).toBe('{"name":"b"}');
  });

  it('ages like kubectl', () => {
    expect(humanDuration(5_000)).toBe('5s');
    expect(humanDuration(119_000)).toBe('119s');
    expect(humanDuration(185_000)).toBe('3m5s');
    expect(humanDuration(15 * 60_000)).toBe('15m');
    expect(humanDuration(5 * 3600_000 + 7 * 60_000)).toBe('5h7m');
    expect(humanDuration(30 * 3600_000)).toBe('30h');
    expect(humanDuration(3 * 86_400_000 + 2 * 3600_000)).toBe('3d2h');
  });
});
