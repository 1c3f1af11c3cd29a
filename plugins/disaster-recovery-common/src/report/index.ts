export * from './reportDocument';
