export interface Config {
  /** The Paved road (`@internal/plugin-paved-road-backend`). */
  pavedRoad?: {
    /**
     * The templates whose services are kept up to date. Each is a folder
     * with its template.yaml (whose `paved-road.acme.example/template-version`
     * annotation is the current version) and CHANGELOG.md. Earlier
     * versions are read from `versions/<semver>/` inside it when packed
     * there (scripts/pack-template-versions.sh, for the production image),
     * else from the git history of the folder (the newest commit of each
     * version). Relative paths are from the backend's working directory.
     */
    templates?: Array<{
      /** The Template entity, e.g. `template:default/microservice`. */
      ref: string;
      directory: string;
    }>;
    /**
     * The branch upgrade pull requests are made from, per template name:
     * `<prefix><template name>` (default `paved-road/upgrade-`).
     */
    branchPrefix?: string;
  };
}
