export { githubSimulator } from './githubSimulator';
export type { GithubSimulatorOptions } from './githubSimulator';
export { githubApi, SANDBOX_GITHUB_TOKEN } from './githubApi';
