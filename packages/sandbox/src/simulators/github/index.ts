export { githubSimulator } from './githubSimulator';
export type { GithubSimulatorOptions } from './githubSimulator';
