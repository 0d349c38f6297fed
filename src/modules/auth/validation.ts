// Input rules for sign-in and password changes.
import { z } from 'zod';
import { email, password } from '../shared-validation.js';

export const loginInput = z.object({ email, password: z.string().min(1, 'is required').max(200) });
export const changeMyPasswordInput = z
  .object({ currentPassword: z.string().min(1, 'is required').max(200), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ['newPassword'],
    message: 'must differ from the current password',
  });
const accountToken = z.string().trim().min(1, 'is required').max(200);
export const acceptInvitationInput = z.object({ token: accountToken, password });
export const requestPasswordResetInput = z.object({ email });
export const resetPasswordInput = z.object({ token: accountToken, newPassword: password });
export const refreshTokenInput = z.object({ refreshToken: z.string().min(1, 'is required').max(200) });
