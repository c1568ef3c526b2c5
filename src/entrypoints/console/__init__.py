"""The staff console (the React app in console/, built to console/dist/), served from the API's own origin."""
