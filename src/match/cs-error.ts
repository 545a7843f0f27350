// corosync's cs_error_t (include/corosync/corotypes.h): numbers, names, and what each means
// for an operator. pmxcfs before 9.0.1 logs the number, 9.0.1 and later the name.

export interface CsError {
  code: number;
  name: string;
  meaning: string;
}

const TABLE: Array<[number, string, string]> = [
  [1, 'CS_OK', 'success'],
  [2, 'CS_ERR_LIBRARY', 'cannot talk to corosync: not running, restarting, or its IPC socket refused the connection'],
  [3, 'CS_ERR_VERSION', 'client and corosync speak different API versions'],
  [4, 'CS_ERR_INIT', 'the service was not initialised'],
  [5, 'CS_ERR_TIMEOUT', 'corosync did not answer in time'],
  [6, 'CS_ERR_TRY_AGAIN', 'corosync is busy (membership change or sync in progress): retry'],
  [7, 'CS_ERR_INVALID_PARAM', 'invalid parameter'],
  [8, 'CS_ERR_NO_MEMORY', 'out of memory'],
  [9, 'CS_ERR_BAD_HANDLE', 'the connection handle is no longer valid (corosync restarted or the group was left)'],
  [10, 'CS_ERR_BUSY', 'resource busy'],
  [11, 'CS_ERR_ACCESS', 'permission denied by corosync (IPC uid/gid not allowed)'],
  [12, 'CS_ERR_NOT_EXIST', 'the object or service does not exist'],
  [13, 'CS_ERR_NAME_TOO_LONG', 'name too long'],
  [14, 'CS_ERR_EXIST', 'already exists: the process group is still joined (stale membership)'],
  [15, 'CS_ERR_NO_SPACE', 'no space'],
  [16, 'CS_ERR_INTERRUPT', 'interrupted'],
  [17, 'CS_ERR_NAME_NOT_FOUND', 'name not found'],
  [18, 'CS_ERR_NO_RESOURCES', 'out of resources'],
  [19, 'CS_ERR_NOT_SUPPORTED', 'not supported'],
  [20, 'CS_ERR_BAD_OPERATION', 'bad operation'],
  [21, 'CS_ERR_FAILED_OPERATION', 'operation failed'],
  [22, 'CS_ERR_MESSAGE_ERROR', 'message error'],
  [23, 'CS_ERR_QUEUE_FULL', 'queue full'],
  [24, 'CS_ERR_QUEUE_NOT_AVAILABLE', 'queue not available'],
  [25, 'CS_ERR_BAD_FLAGS', 'bad flags'],
  [26, 'CS_ERR_TOO_BIG', 'message too big'],
  [27, 'CS_ERR_NO_SECTIONS', 'no sections'],
  [28, 'CS_ERR_CONTEXT_NOT_FOUND', 'context not found'],
  [30, 'CS_ERR_TOO_MANY_GROUPS', 'too many groups'],
  [100, 'CS_ERR_SECURITY', 'security error'],
];

const BY_CODE = new Map(TABLE.map(([code, name, meaning]) => [code, { code, name, meaning }]));
const BY_NAME = new Map(TABLE.map(([code, name, meaning]) => [name, { code, name, meaning }]));

/** Decode "9" or "CS_ERR_BAD_HANDLE" (pmxcfs >= 9.0.1); null when it is neither. */
export function decodeCsError(text: string): CsError | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return BY_CODE.get(Number(t)) ?? null;
  return BY_NAME.get(t) ?? null;
}
