/** Traffic is counted in bytes, as panels and VPN apps count it; people read binary GB and MB (1 GB = 1024³ bytes). */
export const MB = 1024 ** 2;
export const GB = 1024 ** 3;
