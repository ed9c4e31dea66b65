// Bundles the declarations into one file per format. tsup builds the JavaScript; its dts step
// cannot inline workspace packages that export TypeScript source, so rollup-plugin-dts does.
import { realpathSync } from 'node:fs';
import ts from 'typescript';
import { dts } from 'rollup-plugin-dts';

/**
 * Resolves @klerno/* imports to their real source files, so their types are inlined into the
 * bundle instead of staying imports of unpublished packages. Realpath matters: through pnpm's
 * symlink, TypeScript would see a second copy of @trpc/server and refuse to name its types.
 */
function inlineWorkspacePackages() {
  const compilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  return {
    name: 'inline-klerno-workspace-packages',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('@klerno/')) return null;
      const { resolvedModule } = ts.resolveModuleName(source, importer, compilerOptions, ts.sys);
      if (!resolvedModule) this.error(`cannot resolve ${source} from ${importer}`);
      return realpathSync(resolvedModule.resolvedFileName);
    },
  };
}

export default {
  input: 'src/index.ts',
  output: [
    { file: 'dist/index.d.ts', format: 'es' },
    { file: 'dist/index.d.cts', format: 'es' },
  ],
  plugins: [
    inlineWorkspacePackages(),
    // A server-side library whose types reach AppRouter shows up in the packaging test's import
    // check: keep it out of the API's context types.
    dts({ tsconfig: 'tsconfig.json' }),
  ],
};
