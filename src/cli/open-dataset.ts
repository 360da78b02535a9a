import { DatasetService } from '../main/services/dataset/dataset-service'
import { ProjectService } from '../main/services/project/project-service'
import { SettingsService } from '../main/services/settings/settings-service'
import { nodeFileSystem } from '../main/services/system/file-system'
import { defaultUserDirs } from '../main/services/system/user-dirs'
import { appVersion } from './cli-context'

/**
 * The services a dataset command (capture, import, dataset) needs, on the project in `dir` (opened,
 * migrating an older format). Loaded with `import()` by those commands only.
 */
export async function openDataset(
  dir: string,
): Promise<{ project: ProjectService; dataset: DatasetService; settings: SettingsService }> {
  const configDir = defaultUserDirs().configDir
  const project = new ProjectService({ fs: nodeFileSystem, configDir, appVersion: appVersion() })
  await project.open(dir)
  return {
    project,
    dataset: new DatasetService({ project, fs: nodeFileSystem }),
    settings: new SettingsService(nodeFileSystem, configDir),
  }
}
