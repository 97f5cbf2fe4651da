import { run } from './main.js'

// Not a top-level await: a chunk loaded on demand (the preview) may import modules of this entry chunk, and would
// wait forever for an entry that is itself waiting for that chunk. run() ends every failure itself.
void run()
