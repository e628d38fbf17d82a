//! China's administrative divisions (GB/T 2260), compiled in. (Scaffold.)
