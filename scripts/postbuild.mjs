// tsc writes files as 0644; the bin entries must be executable or `npx emqx-lab` fails "Permission denied".
// Then index the course (ids and titles), so `list` does not parse every lesson at start-up.
import { chmodSync, copyFileSync, existsSync } from 'node:fs';
for (const f of ['dist/cli.js', 'dist/sim/kubectl.js']) if (existsSync(f)) chmodSync(f, 0o755);

const root = new URL('..', import.meta.url).pathname;
// Data files beside the simulator's code (tsc copies only what it compiles).
copyFileSync(`${root}src/sim/print/openapi-v3.json.gz`, `${root}dist/sim/print/openapi-v3.json.gz`);
const { loadCourse } = await import('../dist/course/load.js');
const { writeCourseIndex } = await import('../dist/course/course-index.js');
const { writeCompiledCourse } = await import('../dist/course/compiled.js');
const { course, problems } = loadCourse(root);
if (problems.length) {
  // Not fatal for the build: `emqx-lab lint` reports them; without an index, commands load the course fully.
  console.warn(`postbuild: the course has ${problems.length} problem(s); no course index or compiled course written (run emqx-lab lint)`);
} else {
  writeCourseIndex(root, course.steps.map((s) => ({ number: s.number, id: s.id, title: s.lesson.title })));
  // The whole course as JSON, for the commands that run it (src/course/compiled.ts).
  writeCompiledCourse(course);
  // Written 0600 like every state file; these are package files every user of an installed copy reads.
  for (const f of ['dist/course-index.json', 'dist/course-compiled.json']) chmodSync(`${root}${f}`, 0o644);
}
