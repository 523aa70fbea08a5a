// Changelog lines for `changeset version`: the default ones (@changesets/cli/changelog), except for a package
// whose internal dependencies were bumped. The default writes one "Updated dependencies [<commit>]" line per
// changeset of the dependency, so a release with 400 changes to core gave node's and web's CHANGELOGs 400 such
// lines; one line naming the new versions says the same.
const { default: defaultChangelog } = require('@changesets/cli/changelog');

module.exports = {
  getReleaseLine: defaultChangelog.getReleaseLine,
  async getDependencyReleaseLine(_changesets, dependenciesUpdated) {
    if (dependenciesUpdated.length === 0) return '';
    return ['- Updated dependencies:', ...dependenciesUpdated.map((dependency) => `  - ${dependency.name}@${dependency.newVersion}`)].join('\n');
  },
};
