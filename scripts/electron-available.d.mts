/** The Electron executable's path, or null when it is not installed. */
export function electronBinary(): string | null;
export function isElectronAvailable(): boolean;
