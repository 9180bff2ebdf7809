/** The self-test's JUnit XML for several steps, whole. */
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/engine/junit.js';

describe('junitXml', () => {
  it('one suite per step on its own lines; reasons joined with "; "; no restore case without a restore', () => {
    const xml = junitXml({
      passed: false,
      steps: [
        { step: 'a', failFirst: 'pass', solve: 'pass', verify: 'fail', durationMs: 1500, reasons: ['first reason', 'second reason'] },
        { step: 'b', failFirst: 'skip', solve: 'pass', verify: 'pass', durationMs: 0, reasons: [] },
      ],
    });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="emqx-lab" tests="6">',
        '  <testsuite name="a" tests="3" failures="1" skipped="0" time="1.500">',
        '    <testcase classname="a" name="failFirst" time="0.000"/>',
        '    <testcase classname="a" name="solve" time="0.000"/>',
        '    <testcase classname="a" name="verify" time="1.500"><failure message="first reason; second reason"/></testcase>',
        '  </testsuite>',
        '  <testsuite name="b" tests="3" failures="0" skipped="1" time="0.000">',
        '    <testcase classname="b" name="failFirst" time="0.000"><skipped/></testcase>',
        '    <testcase classname="b" name="solve" time="0.000"/>',
        '    <testcase classname="b" name="verify" time="0.000"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });
});
