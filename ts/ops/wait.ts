// waitid, futex wait / wake / waitv.
export {};
