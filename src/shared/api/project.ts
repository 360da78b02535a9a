import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import { folderPathSchema } from './paths'
import type { Disposable, Listener } from '../events'

/** Project store errors: the 2xxx block (docs/architecture.md, docs/project-format.md). */
export const ProjectErrorCode = {
  /** No folder, or a folder without mote.json. */
  NotFound: 2001,
  /** mote.json is not JSON, or not a project's fields. */
  Corrupt: 2002,
  /** Saved by a newer Mote Studio. */
  TooNew: 2003,
  /** The folder already holds a project, or is not empty. */
  Exists: 2004,
  NoneOpen: 2005,
  WriteFailed: 2006,
  /** A path that leaves the project folder, or goes through a link inside it. */
  InvalidPath: 2007,
  /** A project file that cannot be read at all (permissions, a disk that does not answer). */
  ReadFailed: 2008,
} as const

/** What the UI knows of the open project; the manifest itself stays in the main process. */
export interface ProjectSummary {
  readonly dir: string
  readonly id: string
  readonly name: string
  readonly schemaVersion: number
  readonly createdAt: string
  readonly updatedAt: string
  /** Set when opening migrated an older manifest; the original is kept beside it as a backup. */
  readonly migratedFrom?: number
}

export interface RecentProject {
  readonly dir: string
  readonly name: string
  readonly openedAt: string
  /** False when the folder or its manifest is gone; the entry stays so that the user sees why. */
  readonly exists: boolean
}

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, 'a project needs a name')
  .max(120, 'a project name has at most 120 characters')
  .refine(
    (s) => [...s].every((c) => c.charCodeAt(0) >= 32),
    'a project name cannot contain control characters',
  )

/** A project folder from outside: a whole path (see paths.ts). */
export const projectDirSchema = folderPathSchema('a project folder')

export const createProjectSchema = z.object({ dir: projectDirSchema, name: projectNameSchema }).strict()
export type CreateProjectParams = z.infer<typeof createProjectSchema>

export interface ProjectService {
  /** Creates the folder (which must be absent or empty) with a fresh manifest, and opens it. */
  create(params: CreateProjectParams): Promise<ProjectSummary>
  /** Opens an existing project, migrating an older manifest; never overwrites a corrupt or newer one. */
  open(dir: string): Promise<ProjectSummary>
  current(): Promise<ProjectSummary | null>
  recent(): Promise<readonly RecentProject[]>
  rename(name: string): Promise<ProjectSummary>
  close(): Promise<void>
  onDidChange(listener: Listener<ProjectSummary | null>): Disposable
}

export const projectContract: ServiceContract<ProjectService> = {
  name: 'project',
  methods: {
    create: z.tuple([createProjectSchema]),
    open: z.tuple([projectDirSchema]),
    current: z.tuple([]),
    recent: z.tuple([]),
    rename: z.tuple([projectNameSchema]),
    close: z.tuple([]),
  },
  events: ['didChange'],
}
