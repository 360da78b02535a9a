import { ProjectErrorCode } from '../../../shared/api/project'
import { MoteFailure } from '../../../shared/errors'
import { fsReason } from '../system/errno'

const UNTOUCHED =
  'It was left untouched: restore it from a backup or fix it by hand, then open the project again.'

/** The user-facing sentences of the project store, in one place so that docs and tests can quote them. */
export const projectErrors = {
  folderMissing: (dir: string) =>
    new MoteFailure(ProjectErrorCode.NotFound, `No project at ${dir}: the folder does not exist.`),
  notAProject: (dir: string) =>
    new MoteFailure(
      ProjectErrorCode.NotFound,
      `${dir} is not a Mote project (it has no mote.json). Pick the project folder, or create a new project.`,
    ),
  corrupt: (dir: string, reason: string) => projectErrors.damagedFile(dir, 'mote.json', reason),
  /** A project file that does not read: not JSON, wrong fields, a folder where a file should be. */
  damagedFile: (dir: string, file: string, reason: string) =>
    new MoteFailure(
      ProjectErrorCode.Corrupt,
      `The project file ${file} in ${dir} is damaged (${reason}). ${UNTOUCHED}`,
      reason,
    ),
  tooNew: (dir: string, version: number, supported: number) =>
    new MoteFailure(
      ProjectErrorCode.TooNew,
      `The project in ${dir} was saved by a newer Mote Studio (project format ${version}; this version reads up to ` +
        `${supported}). Update Mote Studio to open it; the project was not changed.`,
    ),
  fileTooNew: (dir: string, file: string, version: number, supported: number) =>
    new MoteFailure(
      ProjectErrorCode.TooNew,
      `The project file ${file} in ${dir} was saved by a newer Mote Studio (format ${version}; this version reads ` +
        `up to ${supported}). Update Mote Studio to open it; the project was not changed.`,
    ),
  readFailed: (dir: string, file: string, cause: unknown) =>
    new MoteFailure(
      ProjectErrorCode.ReadFailed,
      `Could not read ${file} in ${dir}: ${fsReason(cause)}. Check that the project folder is readable, then try again.`,
      cause instanceof Error ? cause.message : String(cause),
    ),
  cannotCreate: (dir: string, cause: unknown) =>
    new MoteFailure(
      ProjectErrorCode.WriteFailed,
      `Could not create the project folder ${dir}: ${fsReason(cause)}. Choose a folder you can write to, such as ` +
        `one in your home folder.`,
      cause instanceof Error ? cause.message : String(cause),
    ),
  exists: (dir: string) =>
    new MoteFailure(
      ProjectErrorCode.Exists,
      `${dir} already holds a Mote project. Open it instead of creating one.`,
    ),
  notEmpty: (dir: string) =>
    new MoteFailure(
      ProjectErrorCode.Exists,
      `${dir} is not empty. Choose an empty or new folder for the project, so nothing of yours gets mixed in.`,
    ),
  noneOpen: () =>
    new MoteFailure(ProjectErrorCode.NoneOpen, 'No project is open. Open or create a project first.'),
  unsafePath: (relPath: string) =>
    new MoteFailure(ProjectErrorCode.InvalidPath, `The path ${relPath} points outside the project folder.`),
  /** A folder or file inside the project that is a link: Mote neither writes nor deletes through it. */
  linked: (dir: string, relPath: string, target: string) =>
    new MoteFailure(
      ProjectErrorCode.InvalidPath,
      `${relPath} in the project ${dir} is a link to ${target}. Mote writes and deletes only inside the project ` +
        `folder itself: replace the link with a real folder or file, then try again.`,
    ),
  writeFailed: (path: string, cause: unknown) =>
    new MoteFailure(
      ProjectErrorCode.WriteFailed,
      `Could not save ${path}: ${cause instanceof Error ? cause.message : String(cause)}. Nothing was lost: the ` +
        `previous version is still on disk. Check free space and permissions, then try again.`,
    ),
}
