"""What notifications contributes to the floor's hubs: nothing to the person page cache's key.
A notification written or read bumps its recipient's version (`services`), which that key holds
already, so a cached page never needs its own query for the badge."""
