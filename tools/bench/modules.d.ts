// Neither ships types; the bench's own code types what it passes to and receives from them.
declare module 'autocannon';
declare module 'ws';
